using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS002: sigmoid probabilities reach <c>BCEWithLogitsLoss</c>, which applies its own sigmoid.</summary>
internal static class Loss002SigmoidIntoBceWithLogits
{
    public static void Analyze(LossCall call, TensorOrigin origin, DiagnosticSink context)
    {
        if (call.Kind != LossKind.BCEWithLogits || origin.Kind != OriginKind.SigmoidProbabilities)
        {
            return;
        }

        var input = call.Input.Value.Syntax;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.Loss002SigmoidIntoBceWithLogits,
            input.GetLocation(),
            SourceText.Abbreviate(input),
            call.Name,
            SourceText.DescribeSites(origin.Sites, "sigmoid", input)));
    }
}
