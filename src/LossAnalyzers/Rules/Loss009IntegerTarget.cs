using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS009: an integer or bool tensor is the target of a BCE loss; it fails at run time.</summary>
internal sealed class Loss009IntegerTarget : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS009",
        "An integer or bool target is passed to a BCE loss",
        "'{0}' is {1} ({2}), but {3} needs a floating-point target of the input's type, so the call fails at run time. Convert it with .to_type(ScalarType.Float32).",
        DiagnosticSeverity.Warning,
        "BCELoss and BCEWithLogitsLoss compute with the target's values; they need a float target of the same shape as the input.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
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
        var cause = SourceText.DtypeCause(analysis, dtype, call.Target.Value);
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            target.GetLocation(),
            SourceText.Abbreviate(target),
            what,
            cause,
            call.Name));
    }
}
