using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS009: an integer or bool tensor is the target of a BCE loss; it fails at run time.</summary>
internal static class Loss009IntegerTarget
{
    public static void Analyze(LossCall call, LossAnalysis analysis, DiagnosticSink context)
    {
        if (call.Kind is not (LossKind.BCE or LossKind.BCEWithLogits))
        {
            return;
        }

        var dtype = analysis.DtypeOf(call.Target.Value);
        if (dtype.Family is not (DtypeFamily.Integer or DtypeFamily.Bool))
        {
            return;
        }

        var target = call.Target.Value.Syntax;
        var what = dtype.Family == DtypeFamily.Bool ? "a bool tensor" : "an integer tensor";
        var cause = dtype.Cause is null || dtype.Cause == target ? "as written here" : $"from '{SourceText.Abbreviate(dtype.Cause)}'";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.Loss009IntegerTarget,
            target.GetLocation(),
            SourceText.Abbreviate(target),
            what,
            cause,
            call.Name));
    }
}
