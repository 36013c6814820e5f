using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS005: <c>NLLLoss</c> / <c>nll_loss</c> on softmax probabilities or on a raw linear output.</summary>
internal sealed class Loss005NllWithoutLogProbabilities : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS005",
        "NLLLoss does not get log-probabilities",
        "'{0}' reaches {1} as {2}. {3} {4}",
        DiagnosticSeverity.Warning,
        "NLLLoss and nll_loss take log-probabilities (log_softmax outputs); CrossEntropyLoss is log_softmax followed by NLLLoss.");

    public override DiagnosticDescriptor Descriptor => Rule;

    /// <summary>A raw linear output: the loss becomes CrossEntropyLoss.</summary>
    public const string CrossEntropyFix = "CrossEntropy";

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        if (call.Kind != LossKind.NLL || Loss003WidthOneHead.Applies(call, origin))
        {
            return;
        }

        var input = call.Input.Value.Syntax;
        string what, why, fix;
        switch (origin.Kind)
        {
            case OriginKind.SoftmaxProbabilities:
                what = $"softmax probabilities ({SourceText.DescribeSites(origin.Sites, "softmax", input)})";
                why = $"{call.Name} expects log-probabilities: on probabilities it minimises -p instead of -log p, which hardly penalises confident mistakes.";
                fix = "Use log_softmax on the same dimension instead of softmax.";
                break;
            case OriginKind.Logits:
                what = "the raw output of a Linear layer";
                why = $"{call.Name} expects log-probabilities: on raw scores it is unbounded below, so training pushes the scores to infinity.";
                fix = call.IsFunctional ? "Use cross_entropy, which applies log_softmax itself." : "Use CrossEntropyLoss, which applies log_softmax itself.";
                break;
            default:
                return;
        }

        var properties = origin.Kind == OriginKind.Logits
            ? FixForm(CrossEntropyFix)
            : FixForm(null);
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            input.GetLocation(),
            properties,
            SourceText.Abbreviate(input),
            call.Name,
            what,
            why,
            fix));
    }
}
