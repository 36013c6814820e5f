using System.Linq;
using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS006: <c>pos_weights</c> whose length does not fit the input: more than one element on a single-label binary
/// input, or neither 1 nor C elements on a head of known width C &gt; 1.
/// </summary>
internal sealed class Loss006PosWeightsLength : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS006",
        "pos_weights does not fit the class dimension",
        "pos_weights has {0} elements, but '{1}'{2} comes from a head with {3} outputs. pos_weights holds one weight per label and broadcasts over the last dimension of the input, so the mismatch fails at run time or weights the wrong values. Give one element per label ({3}), or one element for all of them.",
        DiagnosticSeverity.Warning,
        "For single-label binary classification pos_weights has one element, negatives / positives; for a multi-label head with C outputs it has one element per label, C in all.");

    /// <summary>More than one element on a single-label binary input.</summary>
    public static readonly DiagnosticDescriptor SingleLabel = Descriptors.Variant(
        Rule,
        "pos_weights has {0} elements, but '{1}'{2} is a single-label binary input (one value per sample). pos_weights holds one weight per label and broadcasts over the last dimension of the input, so the mismatch fails at run time or weights the wrong values. For single-label binary use one element, negatives / positives.");

    /// <summary>Two elements, class weights [w0, w1] most likely, on a single-label binary input.</summary>
    public static readonly DiagnosticDescriptor ClassWeightPair = Descriptors.Variant(
        Rule,
        "pos_weights has 2 elements, but '{0}'{1} is a single-label binary input (one value per sample). pos_weights holds one weight per label and broadcasts over the last dimension of the input, so the mismatch fails at run time or weights the wrong values. For single-label binary use one element, negatives / positives; for class weights [w0, w1] that is w1 / w0.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, SingleLabel, ClassWeightPair);

    /// <summary>Two per-class weights on a single-label binary input: one element, their ratio.</summary>
    public const string RatioFix = "Ratio";

    public override void OnLoss(LossSubject subject, LossAnalysis analysis, DiagnosticSink context)
    {
        if (subject.Kind != LossKind.BCEWithLogits
            || subject.Argument("pos_weights") is not { } posWeights
            || analysis.WeightsOf(posWeights.Value) is not { Length: { } length })
        {
            return;
        }

        // Every call, and for a parameter whose callers disagree every caller's case.
        foreach (var (call, origin) in subject.Calls.SelectMany(c => analysis.OriginsOf(c.Input.Value).Select(o => (c, o.Origin))))
        {
            var location = posWeights.Value.Syntax.GetLocation();
            var input = SourceText.Abbreviate(call.Input.Value.Syntax);
            var callers = SourceText.Callers(analysis, call.Input.Value);
            if ((origin.SingleLabel || origin.Width == 1) && length > 1)
            {
                // Two class weights on a single-label input have one safe rewrite: their ratio.
                context.ReportDiagnostic(length == 2
                    ? Diagnostic.Create(ClassWeightPair, location, FixForm(RatioFix), input, callers)
                    : Diagnostic.Create(SingleLabel, location, FixForm(null), length, input, callers));
                return;
            }

            if (origin.Width is { } width and > 1 && !origin.SingleLabel && length != 1 && length != width)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, location, FixForm(null), length, input, callers, width));
                return;
            }
        }
    }
}
