using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS003: <c>CrossEntropyLoss</c> / <c>NLLLoss</c> on a head of width 1, where the loss is constant.</summary>
internal static class Loss003WidthOneHead
{
    /// <returns>True when reported: the other CrossEntropy/NLL rules then stay silent on the same input.</returns>
    public static bool Analyze(LossCall call, TensorOrigin origin, DiagnosticSink context)
    {
        if (call.Kind is not (LossKind.CrossEntropy or LossKind.NLL) || origin.Width != 1)
        {
            return false;
        }

        var input = call.Input.Value.Syntax;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.Loss003WidthOneHead,
            input.GetLocation(),
            call.Name,
            SourceText.Abbreviate(input)));
        return true;
    }
}
