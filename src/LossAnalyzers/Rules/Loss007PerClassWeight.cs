using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS007: a per-class vector passed as BCE <c>weight</c> on a single-label binary input.</summary>
internal static class Loss007PerClassWeight
{
    public static void Analyze(LossSubject subject, LossAnalysis analysis, DiagnosticSink context)
    {
        if (subject.Kind is not (LossKind.BCE or LossKind.BCEWithLogits) || subject.Calls.IsDefault
            || subject.Argument("weight") is not { } weight
            || analysis.WeightsOf(weight.Value) is not { Length: { } length and >= 2 })
        {
            return;
        }

        foreach (var call in subject.Calls)
        {
            var origin = analysis.OriginOf(call.Input.Value);
            if (origin.SingleLabel || origin.Width == 1)
            {
                var fix = subject.Kind == LossKind.BCEWithLogits
                    ? "Move it to pos_weights [w1 / w0]."
                    : "Use BCEWithLogitsLoss on the logits with pos_weights [w1 / w0].";
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.Loss007PerClassWeight,
                    weight.Value.Syntax.GetLocation(),
                    length,
                    SourceText.Abbreviate(call.Input.Value.Syntax),
                    fix));
                return;
            }
        }
    }
}
