using System.Linq;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS012: <c>BCELoss</c> / <c>binary_cross_entropy</c> where no input is visibly a sigmoid output (that case is
/// LOSS001). Reported once per construction, on the construction, after looking at every call of it.
/// </summary>
internal static class Loss012PreferLogits
{
    public static void AnalyzeFunctional(LossCall call, TensorOrigin origin, OperationAnalysisContext context)
    {
        if (call.Kind == LossKind.BCE && call.IsFunctional && origin.Kind != OriginKind.SigmoidProbabilities)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.Loss012PreferLogits, call.Invocation.Syntax.GetLocation(), call.Name));
        }
    }

    public static void AnalyzeConstruction(IOperation creation, LossAnalysis analysis, OperationAnalysisContext context)
    {
        if (!analysis.IsLossConstruction(creation, LossKind.BCE))
        {
            return;
        }

        var calls = analysis.CallsOf(creation);
        if (!calls.IsDefault && calls.Any(call => analysis.OriginOf(call.Input.Value).Kind == OriginKind.SigmoidProbabilities))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.Loss012PreferLogits, creation.Syntax.GetLocation(), "BCELoss"));
    }
}
