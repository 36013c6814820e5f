using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>LOSS008: a literal <c>weight</c> / <c>pos_weights</c> element that is zero, negative, NaN or infinite.</summary>
internal static class Loss008InvalidWeight
{
    public static void Analyze(LossSubject subject, LossAnalysis analysis, DiagnosticSink context)
    {
        Check(subject.Argument("weight"), "weight", analysis, context);
        if (subject.Kind == LossKind.BCEWithLogits)
        {
            Check(subject.Argument("pos_weights"), "pos_weights", analysis, context);
        }
    }

    private static void Check(IArgumentOperation? argument, string name, LossAnalysis analysis, DiagnosticSink context)
    {
        if (argument is null || analysis.WeightsOf(argument.Value) is not { } values)
        {
            return;
        }

        for (var i = 0; i < values.Elements.Length; i++)
        {
            if (values.Elements[i] is not { } value)
            {
                continue;
            }

            var (what, why) = value switch
            {
                double.NaN => ("NaN", "A NaN weight makes the loss and every gradient NaN."),
                _ when double.IsInfinity(value) => ("infinite", "An infinite weight makes the loss and the gradients infinite or NaN."),
                0 => ("zero", "A zero weight removes those elements from the loss and from the gradient entirely."),
                < 0 => ($"negative ({value.ToString(System.Globalization.CultureInfo.InvariantCulture)})", "A negative weight rewards the model for being wrong there."),
                _ => (null, null),
            };
            if (what is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.Loss008InvalidWeight, argument.Value.Syntax.GetLocation(), name, i, what, why));
                return;
            }
        }
    }
}
