using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>LOSS010 (Info): positives of an unreduced BCE loss re-weighted by hand instead of with pos_weights.</summary>
internal sealed class Loss010HandWeightedPositives : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS010",
        "Positives are re-weighted by hand instead of with pos_weights",
        "'{0}' multiplies the positive elements of an unreduced BCE loss by {1} by hand. BCEWithLogitsLoss does the same with pos_weights inside its fused, numerically stable computation, without the extra mask and copies. Pass pos_weights: {1} and keep the loss's own reduction.",
        DiagnosticSeverity.Info,
        "pos_weights multiplies the positive term of the loss: loss = -[p y log(sigmoid(x)) + (1 - y) log(1 - sigmoid(x))].");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override void OnInvocation(IInvocationOperation invocation, LossAnalysis analysis, DiagnosticSink sink) => Analyze(invocation, analysis, sink);

    public override void OnTensorOperator(IBinaryOperation binary, LossAnalysis analysis, DiagnosticSink sink) => Analyze(binary, analysis, sink);

    public override void OnCompoundAssignment(ICompoundAssignmentOperation compound, LossAnalysis analysis, DiagnosticSink sink) => Analyze(compound, analysis, sink);

    private static void Analyze(IOperation operation, LossAnalysis analysis, DiagnosticSink context)
    {
        if (analysis.HandWeightingAt(operation) is not { } weighting)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            weighting.Expression.Syntax.GetLocation(),
            SourceText.Abbreviate(weighting.Expression.Syntax),
            weighting.Factor));
    }
}
