using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS001: sigmoid probabilities reach <c>BCELoss</c> / <c>binary_cross_entropy</c>.</summary>
internal sealed class Loss001SigmoidIntoBce : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS001",
        "Sigmoid probabilities are passed to BCELoss",
        "'{0}' reaches {1} as sigmoid probabilities ({2}). In float32 a sigmoid saturates to exactly 0 or 1, where the log inside BCE loses precision and the loss and its gradient stall or become infinite. Pass the logits to {3} and remove the sigmoid.",
        DiagnosticSeverity.Warning,
        "BCEWithLogitsLoss fuses the sigmoid into the loss with the log-sum-exp trick: it is numerically stable for any logit and it takes pos_weights for imbalanced data. BCELoss on sigmoid outputs is the less stable spelling of the same loss.");

    public override DiagnosticDescriptor Descriptor => Rule;

    /// <summary>The input is the activated element of a deconstructed tuple whose sibling holds the logits: the fix passes that sibling.</summary>
    public const string SiblingFix = "Sibling";

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        if (call.Kind != LossKind.BCE || origin.Kind != OriginKind.SigmoidProbabilities)
        {
            return;
        }

        var input = call.Input.Value.Syntax;
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            input.GetLocation(),
            FixForm(analysis.TupleSibling(call.Input.Value, origin) is null ? null : SiblingFix),
            SourceText.Abbreviate(input),
            call.Name,
            SourceText.DescribeSites(origin.Sites, "sigmoid", input),
            LossCatalog.BCEWithLogits.Name(call.IsFunctional)));
    }
}
