using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS012: <c>BCELoss</c> / <c>binary_cross_entropy</c> where no input is visibly a sigmoid output (that case is
/// LOSS001). Reported once per construction, on the construction, after looking at every call of it.
/// </summary>
internal sealed class Loss012PreferLogits : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS012",
        "Prefer BCEWithLogitsLoss on logits to BCELoss",
        "{0} is used and no input reaching it is visibly a sigmoid output. BCELoss takes probabilities, which lose precision near 0 and 1, and it has no pos_weights for imbalanced data. Prefer BCEWithLogitsLoss on the logits.",
        DiagnosticSeverity.Info,
        "BCEWithLogitsLoss is numerically stable for any logit and weights positives with pos_weights. Keep BCELoss only for inputs that really are probabilities from elsewhere.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override void OnLoss(LossSubject subject, LossAnalysis analysis, DiagnosticSink context)
    {
        if (subject.Kind != LossKind.BCE
            || (subject.Calls.Any(call => analysis.OriginsOf(call.Input.Value).Any(o => o.Origin.Kind == OriginKind.SigmoidProbabilities))))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, subject.Location.GetLocation(), subject.Name));
    }
}
