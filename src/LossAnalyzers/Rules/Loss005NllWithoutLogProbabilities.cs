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
        "'{0}' reaches {1} as softmax probabilities ({2}). {1} expects log-probabilities: on probabilities it minimises -p instead of -log p, which hardly penalises confident mistakes. Use log_softmax on the same dimension instead of softmax.",
        DiagnosticSeverity.Warning,
        "NLLLoss and nll_loss take log-probabilities (log_softmax outputs); CrossEntropyLoss is log_softmax followed by NLLLoss.");

    /// <summary>The raw output of a Linear layer.</summary>
    public static readonly DiagnosticDescriptor RawOutput = Descriptors.Variant(
        Rule,
        "'{0}' reaches {1} as the raw output of a Linear layer. {1} expects log-probabilities: on raw scores it is unbounded below, so training pushes the scores to infinity. Use {2}, which applies log_softmax itself.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, RawOutput);

    /// <summary>A raw linear output: the loss becomes CrossEntropyLoss.</summary>
    public const string CrossEntropyFix = "CrossEntropy";

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        if (call.Kind != LossKind.NLL || Loss003WidthOneHead.Applies(call, origin))
        {
            return;
        }

        var input = call.Input.Value.Syntax;
        switch (origin.Kind)
        {
            case OriginKind.SoftmaxProbabilities:
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule, input.GetLocation(), FixForm(null), SourceText.Abbreviate(input), call.Name, SourceText.DescribeSites(origin.Sites, "softmax", input)));
                break;
            case OriginKind.Logits:
                context.ReportDiagnostic(Diagnostic.Create(
                    RawOutput, input.GetLocation(), FixForm(CrossEntropyFix), SourceText.Abbreviate(input), call.Name, LossCatalog.CrossEntropy.Name(call.IsFunctional)));
                break;
        }
    }
}
