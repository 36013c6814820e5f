using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

/// <summary>Whether a KLDiv target holds probabilities or log-probabilities, as far as the code shows.</summary>
internal enum DistributionForm
{
    Unknown,
    Probabilities,
    LogProbabilities,
}

/// <summary>
/// What a <c>KLDivLoss</c> / <c>kl_div</c> computes with: its <c>log_target</c> (TorchSharp's default is true, PyTorch's
/// false) and its reduction, read from the functional call or from every construction of the module.
/// </summary>
internal static class KLDivSettings
{
    public const string LogTargetParameter = "log_target";

    public const string ReductionParameter = "reduction";

    /// <summary>TorchSharp's default for <c>log_target</c>, in <c>KLDivLoss(...)</c> and <c>kl_div(...)</c> alike.</summary>
    public const bool DefaultLogTarget = true;

    /// <summary>The form a target origin shows: softmax or sigmoid outputs are probabilities, log_softmax outputs log-probabilities.</summary>
    public static DistributionForm FormOf(TensorOrigin origin) => origin.Kind switch
    {
        OriginKind.SoftmaxProbabilities or OriginKind.SigmoidProbabilities => DistributionForm.Probabilities,
        OriginKind.LogProbabilities => DistributionForm.LogProbabilities,
        _ => DistributionForm.Unknown,
    };

    /// <summary>
    /// The <c>log_target</c> the call computes with, written out or TorchSharp's default; null when it is not a visible
    /// constant (a variable, constructions that disagree, a module whose construction is not visible).
    /// </summary>
    public static bool? LogTarget(LossCall call)
    {
        if (call.IsFunctional)
        {
            return Value(OperationFacts.Argument(call.Invocation, LogTargetParameter));
        }

        if (call.Constructions.IsDefaultOrEmpty)
        {
            return null;
        }

        var values = call.Constructions.Select(c => Value(c.Argument(LogTargetParameter))).Distinct().ToList();
        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>Every target form the call's target shows, per caller where callers differ.</summary>
    public static ImmutableArray<(DistributionForm Form, IOperation? Caller)> TargetForms(LossCall call, LossAnalysis analysis) =>
        analysis.OriginsOf(call.Target.Value).Select(o => (FormOf(o.Origin), o.Caller)).ToImmutableArray();

    /// <summary>A written <c>log_target</c> argument's constant value, TorchSharp's default when none is written; null when not constant.</summary>
    private static bool? Value(IArgumentOperation? argument) =>
        argument is null ? DefaultLogTarget : OperationFacts.Constant(argument.Value) is bool value ? value : null;

    /// <summary>The reduction a written argument names (<c>None</c>, <c>Mean</c>, <c>Sum</c>); <c>Mean</c>, TorchSharp's default, when none is written; null when not constant.</summary>
    public static string? Reduction(IArgumentOperation? argument, TorchSymbols symbols)
    {
        if (argument is null)
        {
            return "Mean";
        }

        if (OperationFacts.Constant(argument.Value) is not { } constant || symbols.Reduction is null)
        {
            return null;
        }

        return symbols.Reduction.GetMembers().OfType<IFieldSymbol>()
            .FirstOrDefault(f => f.HasConstantValue && Equals(System.Convert.ToInt64(f.ConstantValue), System.Convert.ToInt64(constant)))?.Name;
    }

    /// <summary>True for the KL loss of the catalogue.</summary>
    public static bool IsKLDiv(LossKind kind) => kind == LossCatalog.KLDiv.Kind;
}
