using System.Collections.Immutable;
using System.Globalization;
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
        "{0} element {1} is zero. A zero weight removes those elements from the loss and from the gradient entirely. Use finite, positive weights.",
        DiagnosticSeverity.Warning,
        "Class weights and pos_weights scale the loss of a class; a pos_weights below 1 is legitimate (more positives than negatives).");

    public static readonly DiagnosticDescriptor Negative = Descriptors.Variant(
        Rule, "{0} element {1} is negative ({2}). A negative weight rewards the model for being wrong there. Use finite, positive weights.");

    public static readonly DiagnosticDescriptor NaN = Descriptors.Variant(
        Rule, "{0} element {1} is NaN. A NaN weight makes the loss and every gradient NaN. Use finite, positive weights.");

    public static readonly DiagnosticDescriptor Infinite = Descriptors.Variant(
        Rule, "{0} element {1} is infinite ({2}). An infinite weight makes the loss and the gradients infinite or NaN. Use finite, positive weights.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, Negative, NaN, Infinite);

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
            for (var i = 0; i < values.Elements.Length; i++)
            {
                if (values.Elements[i] is not { } value)
                {
                    continue;
                }

                var descriptor = value switch
                {
                    double.NaN => NaN,
                    _ when double.IsInfinity(value) => Infinite,
                    0 => Rule,
                    < 0 => Negative,
                    _ => null,
                };
                if (descriptor is not null)
                {
                    var written = value.ToString(CultureInfo.InvariantCulture);
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, argument.Value.Syntax.GetLocation(), name, i, written));
                    return;
                }
            }
        }
    }
}
