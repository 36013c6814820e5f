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
        "'{0}' reaches {1} as {2} ({3}). {1} applies log_softmax itself, so the probabilities are squashed a second time, the gradients shrink and the loss stops reflecting the model's confidence. {4}",
        DiagnosticSeverity.Warning,
        "CrossEntropyLoss and cross_entropy take logits (raw scores). Apply softmax only where probabilities are needed, outside the loss.");

    public override DiagnosticDescriptor Descriptor => Rule;

    /// <summary>A hand-built <c>[p, 1 - p]</c>: one logit with BCEWithLogitsLoss.</summary>
    public const string OneLogitFix = "OneLogit";

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        if (call.Kind != LossKind.CrossEntropy || Loss003WidthOneHead.Applies(call, origin))
        {
            return;
        }

        var (what, activation, fix) = origin.Kind switch
        {
            OriginKind.SoftmaxProbabilities => ("softmax probabilities", "softmax", "Pass the logits and remove the softmax."),
            OriginKind.SigmoidProbabilities => ("sigmoid probabilities", "sigmoid", "Pass the logits and remove the sigmoid."),
            OriginKind.TwoColumnFromSigmoid => ("a hand-built [p, 1 - p] from one sigmoid", "sigmoid",
                "Give the model one logit and use BCEWithLogitsLoss, with pos_weights [w1 / w0] in place of a class weight [w0, w1]."),
            _ => (null, null, null),
        };
        if (what is null)
        {
            return;
        }

        var input = call.Input.Value.Syntax;
        var properties = origin.Kind == OriginKind.TwoColumnFromSigmoid
            ? FixForm(OneLogitFix)
            : FixForm(null);
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            input.GetLocation(),
            properties,
            SourceText.Abbreviate(input),
            call.Name,
            what,
            SourceText.DescribeSites(origin.Sites, activation!, input),
            fix));
    }
}
