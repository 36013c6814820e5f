using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS010 (Info): positives of an unreduced BCE loss re-weighted by hand instead of with pos_weights.</summary>
internal static class Loss010HandWeightedPositives
{
    public static void Analyze(IOperation operation, LossAnalysis analysis, DiagnosticSink context)
    {
        if (analysis.HandWeightingAt(operation) is not { } weighting)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.Loss010HandWeightedPositives,
            weighting.Expression.Syntax.GetLocation(),
            SourceText.Abbreviate(weighting.Expression.Syntax),
            weighting.Factor));
    }
}
