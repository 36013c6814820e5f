using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS015: the target of <c>KLDivLoss</c> / <c>kl_div</c> does not match <c>log_target</c>: probabilities read as
/// log-probabilities (by TorchSharp's default, true, or written out), or log-probabilities read as probabilities.
/// </summary>
internal sealed class Loss015KLDivTargetForm : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS015",
        "The KLDivLoss target does not match log_target",
        "'{0}' reaches {1} as probabilities{2}, but log_target is true, so {1} reads it as log-probabilities and computes a wrong value without any error. Write log_target: false.",
        DiagnosticSeverity.Warning,
        "TorchSharp's KLDivLoss(bool log_target = true, ...) and kl_div(..., log_target = true, ...) read the target as log-probabilities by default; PyTorch's default is false. Code ported from Python that passes probabilities computes the wrong loss silently.");

    /// <summary>Probabilities read as log-probabilities because log_target is left to TorchSharp's default.</summary>
    public static readonly DiagnosticDescriptor ByDefault = Descriptors.Variant(
        Rule,
        "'{0}' reaches {1} as probabilities{2}, but log_target is left to TorchSharp's default, true (PyTorch's default is false), so {1} reads it as log-probabilities and computes a wrong value without any error. Write log_target: false.");

    /// <summary>Log-probabilities read as probabilities because log_target is false.</summary>
    public static readonly DiagnosticDescriptor LogProbabilities = Descriptors.Variant(
        Rule,
        "'{0}' reaches {1} as log-probabilities{2}, but log_target is false, so {1} reads it as probabilities and computes a wrong value without any error. Write log_target: true.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, ByDefault, LogProbabilities);

    /// <summary>The diagnostic property with the <c>log_target</c> value that fits the target, where writing it is safe.</summary>
    public const string FitsProperty = "LogTarget";

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        if (call.Kind != LossKind.KLDiv || KLDivSettings.LogTarget(call) is not { } logTarget)
        {
            return;
        }

        var wrong = logTarget ? DistributionForm.Probabilities : DistributionForm.LogProbabilities;
        var forms = KLDivSettings.TargetForms(call, analysis);
        var shown = forms.Where(f => f.Form == wrong).ToList();
        if (shown.Count == 0)
        {
            return;
        }

        var written = call.IsFunctional
            ? OperationFacts.Argument(call.Invocation, KLDivSettings.LogTargetParameter) is not null
            : call.Constructions.Any(c => OperationFacts.Argument(c.Creation, KLDivSettings.LogTargetParameter) is not null);
        var descriptor = !logTarget ? LogProbabilities : written ? Rule : ByDefault;
        var target = call.Target.Value.Syntax;
        var where = forms.Length > 1 && shown[0].Caller is { } caller
            ? $" (passed at {SourceText.Where(caller.Syntax)}{(shown.Count > 1 ? $" and {shown.Count - 1} other call(s)" : string.Empty)})"
            : SourceText.Callers(analysis, call.Target.Value);
        context.ReportDiagnostic(Diagnostic.Create(
            descriptor,
            target.GetLocation(),
            SafeToWrite(call, forms, wrong, analysis) ? LossRule.FixForm(null).Add(FitsProperty, logTarget ? "false" : "true") : LossRule.FixForm(null),
            SourceText.Abbreviate(target),
            call.Name,
            where));
    }

    /// <summary>
    /// Writing log_target changes every call of the loss: safe when every call of every construction shows the same
    /// wrong form, on every path (a target of unknown form could be right as it is).
    /// </summary>
    private static bool SafeToWrite(LossCall call, ImmutableArray<(DistributionForm Form, IOperation? Caller)> forms, DistributionForm wrong, LossAnalysis analysis)
    {
        if (forms.Any(f => f.Form != wrong))
        {
            return false;
        }

        if (call.IsFunctional)
        {
            return true;
        }

        if (call.Constructions.Length != 1)
        {
            return false;
        }

        var calls = analysis.CallsOf(call.Constructions[0].Creation);
        return !calls.IsDefaultOrEmpty
               && calls.All(other => other.Kind == LossKind.KLDiv && KLDivSettings.TargetForms(other, analysis).All(f => f.Form == wrong));
    }
}
