using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS004: softmax or sigmoid probabilities, or a hand-built <c>[p, 1 - p]</c>, reach <c>CrossEntropyLoss</c>.</summary>
internal sealed class Loss004ProbabilitiesIntoCrossEntropy : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS004",
        "Probabilities are passed to CrossEntropyLoss",
        "'{0}' reaches {1} as {2} probabilities ({3}). {1} applies log_softmax itself, so the probabilities are squashed a second time, the gradients shrink and the loss stops reflecting the model's confidence. Pass the logits and remove the {2}.",
        DiagnosticSeverity.Warning,
        "CrossEntropyLoss and cross_entropy take logits (raw scores). Apply softmax only where probabilities are needed, outside the loss.");

    /// <summary>A hand-built <c>[p, 1 - p]</c> from one sigmoid.</summary>
    public static readonly DiagnosticDescriptor TwoColumns = Descriptors.Variant(
        Rule,
        "'{0}' reaches {1} as a hand-built [p, 1 - p] from one sigmoid ({2}). {1} applies log_softmax itself, so the probabilities are squashed a second time and two columns hold what one logit would. Give the model one logit and use BCEWithLogitsLoss, with pos_weights [w1 / w0] in place of a class weight [w0, w1].");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, TwoColumns);

    /// <summary>A hand-built <c>[p, 1 - p]</c>: one logit with BCEWithLogitsLoss.</summary>
    public const string OneLogitFix = "OneLogit";

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        if (call.Kind != LossKind.CrossEntropy || Loss003WidthOneHead.Applies(call, origin))
        {
            return;
        }

        var activation = origin.Kind switch
        {
            OriginKind.SoftmaxProbabilities => "softmax",
            OriginKind.SigmoidProbabilities or OriginKind.TwoColumnFromSigmoid => "sigmoid",
            _ => null,
        };
        if (activation is null)
        {
            return;
        }

        var input = call.Input.Value.Syntax;
        var sites = SourceText.DescribeSites(origin.Sites, activation, input);
        context.ReportDiagnostic(origin.Kind == OriginKind.TwoColumnFromSigmoid
            ? Diagnostic.Create(TwoColumns, input.GetLocation(), FixForm(OneLogitFix), SourceText.Abbreviate(input), call.Name, sites)
            : Diagnostic.Create(Rule, input.GetLocation(), FixForm(null), SourceText.Abbreviate(input), call.Name, activation, sites));
    }
}
