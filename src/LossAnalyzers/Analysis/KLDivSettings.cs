using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Flow;
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
            return LogTarget(call.Invocation);
        }

        if (call.Constructions.IsDefaultOrEmpty)
        {
            return null;
        }

        var values = call.Constructions.Select(c => LogTarget(c.Creation)).Distinct().ToList();
        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>
    /// The <c>log_target</c> of one construction or functional call: the constant written, else the parameter's own
    /// default as this TorchSharp declares it (true in 0.107); null when not constant or there is no such parameter.
    /// </summary>
    public static bool? LogTarget(IOperation callOrCreation) => LossSettings.Value(callOrCreation, LogTargetParameter) as bool?;

    /// <summary>The reduction (<c>None</c>, <c>Mean</c>, <c>Sum</c>) of one construction or functional call, written or by the parameter's default; null when not constant.</summary>
    public static string? Reduction(IOperation callOrCreation, TorchSymbols symbols) =>
        OperationFacts.EnumMemberName(symbols.Reduction, LossSettings.Value(callOrCreation, ReductionParameter));

    /// <summary>Every target form the call's target shows, per caller where callers differ.</summary>
    public static ImmutableArray<(DistributionForm Form, IOperation? Caller)> TargetForms(LossCall call, LossAnalysis analysis) =>
        analysis.OriginsOf(call.Target.Value).Select(o => (FormOf(o.Origin), o.Caller)).ToImmutableArray();
}
