using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>LOSS008: a literal <c>weight</c> / <c>pos_weights</c> element that is zero, negative, NaN or infinite.</summary>
internal sealed class Loss008InvalidWeight : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS008",
        "A loss weight is zero, negative, NaN or infinite",
        "{0} element {1} is {2}. {3} Use finite, positive weights.",
        DiagnosticSeverity.Warning,
        "Class weights and pos_weights scale the loss of a class; a pos_weights below 1 is legitimate (more positives than negatives).");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override void OnLoss(LossSubject subject, LossAnalysis analysis, DiagnosticSink context)
    {
        Check(subject.Argument("weight"), "weight", analysis, context);
        if (subject.Kind == LossKind.BCEWithLogits)
        {
            Check(subject.Argument("pos_weights"), "pos_weights", analysis, context);
        }
    }

    private static void Check(IArgumentOperation? argument, string name, LossAnalysis analysis, DiagnosticSink context)
    {
        if (argument is null || analysis.WeightCandidates(argument.Value) is not { IsDefault: false } candidates)
        {
            return;
        }

        // Each candidate of a choice is a weight the loss may be built with.
        foreach (var values in candidates)
        {
            if (Invalid(values) is { } invalid)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Value.Syntax.GetLocation(), name, invalid.Index, invalid.What, invalid.Why));
                return;
            }
        }
    }

    private static (int Index, string What, string Why)? Invalid(WeightValues values)
    {
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
                return (i, what, why!);
            }
        }

        return null;
    }
}
