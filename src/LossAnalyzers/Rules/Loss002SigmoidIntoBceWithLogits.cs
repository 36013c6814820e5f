using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS002: sigmoid probabilities reach <c>BCEWithLogitsLoss</c>, which applies its own sigmoid.</summary>
internal sealed class Loss002SigmoidIntoBceWithLogits : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS002",
        "The sigmoid is applied twice: sigmoid probabilities are passed to BCEWithLogitsLoss",
        "'{0}' reaches {1} as sigmoid probabilities ({2}), so the sigmoid is applied twice. {1} applies its own sigmoid, so the model's outputs are squeezed into (0.5, 0.73) and the loss can never get close to zero. Remove the sigmoid and pass the logits.",
        DiagnosticSeverity.Warning,
        "BCEWithLogitsLoss and binary_cross_entropy_with_logits take logits. A sigmoid in front of them is usually left over from a migration away from BCELoss.");

    public override DiagnosticDescriptor Descriptor => Rule;

    /// <summary>The input is the activated element of a deconstructed tuple whose sibling holds the logits: the fix passes that sibling.</summary>
    public const string SiblingFix = "Sibling";

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        if (call.Kind != LossKind.BCEWithLogits || origin.Kind != OriginKind.SigmoidProbabilities)
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
            SourceText.DescribeSites(origin.Sites, "sigmoid", input)));
    }
}
