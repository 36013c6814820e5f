using System.Collections.Immutable;
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
        "'{0}' reaches {1} as softmax probabilities ({2}){3}. {1} takes log-probabilities as its input: on probabilities the divergence goes negative, is not zero even between equal distributions, and training drives the model to over-confidence instead of towards the target. Use log_softmax on the same dimension instead of softmax.",
        DiagnosticSeverity.Warning,
        "KLDivLoss and kl_div compute target * (log target - input): the input must be log-probabilities (log_softmax outputs), whatever log_target says about the target.");

    public static readonly DiagnosticDescriptor Sigmoid = Descriptors.Variant(
        Rule,
        "'{0}' reaches {1} as sigmoid probabilities ({2}){3}. {1} takes log-probabilities as its input: on probabilities the divergence goes negative and its minimum is not where the model matches the target. Compute log-probabilities (log_softmax over the classes, or logsigmoid for independent yes/no outputs) and pass those.");

    public static readonly DiagnosticDescriptor RawOutput = Descriptors.Variant(
        Rule,
        "'{0}' reaches {1} as the raw output of a Linear layer{2}. {1} takes log-probabilities as its input: on raw scores it is not a divergence at all and is unbounded below, so training pushes the scores to infinity. Apply log_softmax over the classes: .log_softmax(-1).");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, Sigmoid, RawOutput);

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
        var callers = SourceText.Callers(analysis, call.Input.Value);
        var diagnostic = origin.Kind switch
        {
            OriginKind.SoftmaxProbabilities => Diagnostic.Create(
                Rule, input.GetLocation(), FixForm(null), SourceText.Abbreviate(input), call.Name, SourceText.DescribeSites(origin.Sites, "softmax", input), callers),
            OriginKind.SigmoidProbabilities => Diagnostic.Create(
                Sigmoid, input.GetLocation(), FixForm(null), SourceText.Abbreviate(input), call.Name, SourceText.DescribeSites(origin.Sites, "sigmoid", input), callers),
            OriginKind.Logits => Diagnostic.Create(
                RawOutput, input.GetLocation(), FixForm(RawFixKeepsEveryCaller(call, analysis) ? RawOutputFix : NoFix), SourceText.Abbreviate(input), call.Name, callers),
            _ => null,
        };
        if (diagnostic is not null)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>
    /// The raw-output fix applies log_softmax where the input is passed; in a helper that reaches every caller, and
    /// it keeps the behaviour of those that pass log-probabilities already (log_softmax leaves them as they are) and
    /// of no one else.
    /// </summary>
    private static bool RawFixKeepsEveryCaller(LossCall call, LossAnalysis analysis) =>
        analysis.OriginsOf(call.Input.Value).All(o => o.Origin.Kind is OriginKind.Logits or OriginKind.LogProbabilities);
}
