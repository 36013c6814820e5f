using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS007: a per-class vector passed as BCE <c>weight</c> on a single-label binary input.</summary>
internal sealed class Loss007PerClassWeight : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS007",
        "A per-class vector is passed as the BCE weight",
        "weight has {0} elements, one per class, but '{1}'{2} is a single-label binary input. BCE's weight rescales each element of the loss (it is broadcast over the input); it does not weight classes, so the positives are not up-weighted. Move it to pos_weights [w1 / w0].",
        DiagnosticSeverity.Warning,
        "To weight the positive class of a binary classifier, use BCEWithLogitsLoss with pos_weights [w1 / w0].");

    /// <summary>On BCELoss, which has no pos_weights: the move goes with the switch to logits.</summary>
    public static readonly DiagnosticDescriptor OnProbabilities = Descriptors.Variant(
        Rule,
        "weight has {0} elements, one per class, but '{1}'{2} is a single-label binary input. BCE's weight rescales each element of the loss (it is broadcast over the input); it does not weight classes, so the positives are not up-weighted. Use BCEWithLogitsLoss on the logits with pos_weights [w1 / w0].");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, OnProbabilities);

    public override void OnLoss(LossSubject subject, LossAnalysis analysis, DiagnosticSink context)
    {
        if (subject.Kind is not (LossKind.BCE or LossKind.BCEWithLogits)
            || subject.Argument("weight") is not { } weight
            || analysis.WeightsOf(weight.Value) is not { Length: { } length and >= 2 })
        {
            return;
        }

        // Every call, and for a parameter whose callers disagree every caller's case.
        foreach (var (call, origin) in subject.Calls.SelectMany(c => analysis.OriginsOf(c.Input.Value).Select(o => (c, o.Origin))))
        {
            if (origin.SingleLabel || origin.Width == 1)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    subject.Kind == LossKind.BCEWithLogits ? Rule : OnProbabilities,
                    weight.Value.Syntax.GetLocation(),
                    length,
                    SourceText.Abbreviate(call.Input.Value.Syntax),
                    SourceText.Callers(analysis, call.Input.Value)));
                return;
            }
        }
    }
}
