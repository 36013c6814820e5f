using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS014: the input of <c>KLDivLoss</c> / <c>kl_div</c> is probabilities or a raw linear output, not log-probabilities.</summary>
internal sealed class Loss014KLDivInputNotLogProbabilities : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS014",
        "The input of KLDivLoss is not log-probabilities",
        "'{0}' reaches {1} as {2}. {1} takes log-probabilities as its input: {3} {4}",
        DiagnosticSeverity.Warning,
        "KLDivLoss and kl_div compute target * (log target - input): the input must be log-probabilities (log_softmax outputs), whatever log_target says about the target.");

    public override DiagnosticDescriptor Descriptor => Rule;

    /// <summary>A raw linear output: the fix applies log_softmax over the last dimension.</summary>
    public const string RawOutputFix = "LogSoftmaxOfRaw";

    /// <summary>A raw output in a helper whose other callers may pass something log_softmax would change: no fix.</summary>
    public const string NoFix = "None";

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        if (call.Kind != LossKind.KLDiv)
        {
            return;
        }

        var input = call.Input.Value.Syntax;
        string what, why, fix;
        switch (origin.Kind)
        {
            case OriginKind.SoftmaxProbabilities:
                what = $"softmax probabilities ({SourceText.DescribeSites(origin.Sites, "softmax", input)})";
                why = "on probabilities the divergence goes negative, is not zero even between equal distributions, and training drives the model to over-confidence instead of towards the target.";
                fix = "Use log_softmax on the same dimension instead of softmax.";
                break;
            case OriginKind.SigmoidProbabilities:
                what = $"sigmoid probabilities ({SourceText.DescribeSites(origin.Sites, "sigmoid", input)})";
                why = "on probabilities the divergence goes negative and its minimum is not where the model matches the target.";
                fix = "Compute log-probabilities (log_softmax over the classes, or logsigmoid for independent yes/no outputs) and pass those.";
                break;
            case OriginKind.Logits:
                what = "the raw output of a Linear layer";
                why = "on raw scores it is not a divergence at all and is unbounded below, so training pushes the scores to infinity.";
                fix = "Apply log_softmax over the classes: .log_softmax(-1).";
                break;
            default:
                return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            input.GetLocation(),
            FixForm(origin.Kind != OriginKind.Logits ? null : RawFixKeepsEveryCaller(call, analysis) ? RawOutputFix : NoFix),
            SourceText.Abbreviate(input),
            call.Name,
            what + SourceText.Callers(analysis, call.Input.Value),
            why,
            fix));
    }

    /// <summary>
    /// The raw-output fix applies log_softmax where the input is passed; in a helper that reaches every caller, and
    /// it keeps the behaviour of those that pass log-probabilities already (log_softmax leaves them as they are) and
    /// of no one else.
    /// </summary>
    private static bool RawFixKeepsEveryCaller(LossCall call, LossAnalysis analysis) =>
        analysis.OriginsOf(call.Input.Value).All(o => o.Origin.Kind is OriginKind.Logits or OriginKind.LogProbabilities);
}
