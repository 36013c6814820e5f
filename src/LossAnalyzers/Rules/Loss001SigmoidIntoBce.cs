using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS001: sigmoid probabilities reach <c>BCELoss</c> / <c>binary_cross_entropy</c>.</summary>
internal static class Loss001SigmoidIntoBce
{
    public static void Analyze(LossCall call, TensorOrigin origin, DiagnosticSink context)
    {
        if (call.Kind != LossKind.BCE || origin.Kind != OriginKind.SigmoidProbabilities)
        {
            return;
        }

        var input = call.Input.Value.Syntax;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.Loss001SigmoidIntoBce,
            input.GetLocation(),
            SourceText.Abbreviate(input),
            call.Name,
            SourceText.DescribeSites(origin.Sites, "sigmoid", input),
            LossCatalog.BCEWithLogits.Name(call.IsFunctional)));
    }
}
