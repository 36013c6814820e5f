using System;
using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS023: TorchSharp's <c>GaussianNLLLoss</c> / <c>gaussian_nll_loss</c> (0.107 and earlier) with a variance that is
/// trained. TorchSharp computes the loss so that the variance gets no gradient, sums over the features instead of
/// averaging, and returns <c>[N]</c> for <c>Reduction.None</c>: a heteroscedastic model never learns its variance.
/// Read from the referenced TorchSharp's version, so a TorchSharp past the last version known to behave so is not reported.
/// </summary>
internal sealed class Loss023GaussianNllVariance : LossRule
{
    /// <summary>The last TorchSharp version measured with this behaviour.</summary>
    public static readonly Version LastAffected = new(0, 107, int.MaxValue);

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS023",
        "TorchSharp's GaussianNLLLoss does not train the variance",
        "{0} gets the variance '{1}', which is trained ({2}), but TorchSharp {3}'s {0} gives the variance no gradient, sums over the features where PyTorch averages, and returns one value per sample for Reduction.None: the variance never learns and no error is raised. Replace the call with PyTorch's loss, '{4}'.",
        DiagnosticSeverity.Warning,
        "TorchSharp 0.107 and earlier compute the Gaussian negative log-likelihood so that the variance gets no gradient (its .grad stays null), sum over the features (D times PyTorch's value) and return [N] for Reduction.None. A variance predicted by a model or held in a Parameter is then never trained. PyTorch's formula, 0.5 * (log v + (input - target)^2 / v) with v = max(var, eps), reduced as the call asks, trains it.");

    /// <summary>Where the formula cannot replace the call: the variance is an expression, or the settings are not constants.</summary>
    public static readonly DiagnosticDescriptor WithoutFormula = Descriptors.Variant(
        Rule,
        "{0} gets the variance '{1}', which is trained ({2}), but TorchSharp {3}'s {0} gives the variance no gradient, sums over the features where PyTorch averages, and returns one value per sample for Reduction.None: the variance never learns and no error is raised. Compute PyTorch's loss instead: 0.5 * (v.log() + (input - target).square() / v) with v = variance.clamp_min(eps), reduced as the call asks.");

    /// <summary>The formula the fix writes in place of the call, when it can (see <see cref="Formula"/>).</summary>
    public const string FormulaProperty = "Formula";

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, WithoutFormula);

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        if (call.Kind != LossKind.GaussianNLL || analysis.Symbols.TorchSharpVersion > LastAffected
            || OperationFacts.Argument(call.Invocation, 2) is not { } variance
            || analysis.TrainedSource(variance.Value) is not { } trained)
        {
            return;
        }

        var formula = Formula(call, analysis);
        var version = analysis.Symbols.TorchSharpVersion;
        context.ReportDiagnostic(Diagnostic.Create(
            formula is null ? WithoutFormula : Rule,
            call.Invocation.Syntax.GetLocation(),
            formula is null ? FixForm(null) : FixForm(null).Add(FormulaProperty, formula),
            call.Name,
            SourceText.Abbreviate(variance.Value.Syntax),
            Cause(trained, call.Invocation.Syntax),
            $"{version.Major}.{version.Minor}",
            formula));
    }

    /// <summary>
    /// PyTorch's loss as an expression in place of the call: <c>(0.5 * (v.log() + (input - target).square() / v)).mean()</c>
    /// with <c>v = variance.clamp_min(eps)</c>, the constant of <c>full: true</c> added, reduced as the call asks. Null when it
    /// cannot be written: the variance is not a plain variable (it would be evaluated twice), <c>eps</c>, <c>full</c> or
    /// the reduction are not constants, or the reduction is <c>None</c> (the result's shape would change).
    /// </summary>
    public static string? Formula(LossCall call, LossAnalysis analysis)
    {
        var variance = OperationFacts.Argument(call.Invocation, 2)?.Value;
        if (variance is null || OperationFacts.StripConversions(variance) is not (ILocalReferenceOperation
                or IParameterReferenceOperation
                or IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }))
        {
            return null;
        }

        if (LossSettings.Value(call, "eps") is not { } eps || LossSettings.Value(call, "full") is not { } full || LossSettings.Value(call, "reduction") is not { } reduction)
        {
            return null;
        }

        // Reduction.None is left alone: PyTorch's [N, D] would replace TorchSharp's [N] under code that reads that shape.
        var reduce = OperationFacts.EnumMemberName(analysis.Symbols.Reduction, reduction) switch
        {
            "Mean" => ".mean()",
            "Sum" => ".sum()",
            _ => null,
        };
        if (reduce is null || full is not bool withConstant)
        {
            return null;
        }

        var v = $"{SourceText.WholeOperand(variance.Syntax)}.clamp_min({Number(eps)})";
        var input = SourceText.WholeOperand(call.Input.Value.Syntax);
        var target = SourceText.WholeOperand(call.Target.Value.Syntax);
        var constant = withConstant ? " + 0.9189385332046727" : string.Empty;
        return $"(0.5 * ({v}.log() + ({input} - {target}).square() / {v}){constant}){reduce}";
    }

    private static string Number(object value) => value switch
    {
        float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "0",
    };

    private static string Cause(SyntaxNode source, SyntaxNode call) =>
        source.SyntaxTree == call.SyntaxTree && call.Span.Contains(source.Span)
            ? $"'{SourceText.Abbreviate(source)}'"
            : $"'{SourceText.Abbreviate(source)}' at {SourceText.Where(source)}";
}
