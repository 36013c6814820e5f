using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS012: <c>BCELoss</c> / <c>binary_cross_entropy</c> where no input is visibly a sigmoid output (that case is
/// LOSS001). Reported once per construction, on the construction, after looking at every call of it.
/// </summary>
internal static class Loss012PreferLogits
{
    public static void Analyze(LossSubject subject, LossAnalysis analysis, DiagnosticSink context)
    {
        if (subject.Kind != LossKind.BCE
            || (!subject.Calls.IsDefault && subject.Calls.Any(call => analysis.OriginOf(call.Input.Value).Kind == OriginKind.SigmoidProbabilities)))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.Loss012PreferLogits, subject.Location.GetLocation(), subject.Name));
    }
}
