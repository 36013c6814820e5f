using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers;

/// <summary>
/// The rules about what is fed into a classification loss. One analyzer for all of them so that the
/// origin analysis and its caches are built once per compilation and shared; each rule lives in its own
/// file under Rules/.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LossUsageAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.Loss001SigmoidIntoBce,
        Descriptors.Loss002SigmoidIntoBceWithLogits,
        Descriptors.Loss003WidthOneHead,
        Descriptors.Loss004ProbabilitiesIntoCrossEntropy,
        Descriptors.Loss005NllWithoutLogProbabilities,
        Descriptors.Loss006PosWeightsLength,
        Descriptors.Loss007PerClassWeight,
        Descriptors.Loss008InvalidWeight,
        Descriptors.Loss009IntegerTarget,
        Descriptors.Loss010HandWeightedPositives,
        Descriptors.Loss011LogitsThresholdedAtHalf,
        Descriptors.Loss012PreferLogits);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Without TorchSharp there is nothing to analyze: register nothing at all.
            if (LossAnalysis.TryCreate(start.Compilation) is not { } analysis)
            {
                return;
            }

            // One pass per tree over syntax, binding only the candidates: an operation action per invocation
            // would have every method body bound again for the analyzers, most of them for nothing.
            start.RegisterSemanticModelAction(context => AnalyzeTree(context, analysis));
        });
    }

    private static void AnalyzeTree(SemanticModelAnalysisContext context, LossAnalysis analysis)
    {
        var model = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        var sink = new DiagnosticSink(context.ReportDiagnostic, cancellationToken);
        foreach (var node in model.SyntaxTree.GetRoot(cancellationToken).DescendantNodes())
        {
            if (!analysis.Candidates.IsCandidate(node))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (model.GetOperation(node, cancellationToken) is { } operation)
            {
                AnalyzeOperation(operation, analysis, sink);
            }
        }
    }

    /// <summary>Every rule on one invocation, construction, operator or compound assignment (other operations are ignored).</summary>
    internal static void AnalyzeOperation(IOperation operation, LossAnalysis analysis, DiagnosticSink sink)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                AnalyzeInvocation(invocation, analysis, sink);
                break;
            case IObjectCreationOperation creation:
                AnalyzeConstruction(creation, analysis, sink);
                break;
            case IBinaryOperation binary:
                AnalyzeBinary(binary, analysis, sink);
                break;
            case ICompoundAssignmentOperation compound:
                Loss010HandWeightedPositives.Analyze(compound, analysis, sink);
                break;
        }
    }

    private static void AnalyzeInvocation(IInvocationOperation invocation, LossAnalysis analysis, DiagnosticSink context)
    {
        if (!analysis.TryGetLossCall(invocation, out var call))
        {
            AnalyzeConstruction(invocation, analysis, context);
            Loss011LogitsThresholdedAtHalf.AnalyzeMethod(invocation, analysis, context);
            Loss010HandWeightedPositives.Analyze(invocation, analysis, context);
            return;
        }

        var origin = analysis.OriginOf(call.Input.Value);
        Loss009IntegerTarget.Analyze(call, analysis, context);
        if (call.IsFunctional)
        {
            AnalyzeSubject(LossSubject.ForFunctional(call), analysis, context);
        }

        switch (call.Kind)
        {
            case LossKind.BCE:
                Loss001SigmoidIntoBce.Analyze(call, origin, context);
                break;
            case LossKind.BCEWithLogits:
                Loss002SigmoidIntoBceWithLogits.Analyze(call, origin, context);
                break;
            case LossKind.CrossEntropy:
                if (!Loss003WidthOneHead.Analyze(call, origin, context))
                {
                    Loss004ProbabilitiesIntoCrossEntropy.Analyze(call, origin, context);
                }

                break;
            case LossKind.NLL:
                if (!Loss003WidthOneHead.Analyze(call, origin, context))
                {
                    Loss005NllWithoutLogProbabilities.Analyze(call, origin, context);
                }

                break;
        }
    }

    /// <summary>Tensor operators: only those with a TorchSharp operator method can matter.</summary>
    private static void AnalyzeBinary(IBinaryOperation binary, LossAnalysis analysis, DiagnosticSink context)
    {
        if (binary.OperatorMethod is null || !analysis.Symbols.IsTensor(binary.OperatorMethod.ContainingType))
        {
            return;
        }

        Loss011LogitsThresholdedAtHalf.AnalyzeOperator(binary, analysis, context);
        Loss010HandWeightedPositives.Analyze(binary, analysis, context);
    }

    /// <summary>A loss construction's own rules (its weights, its kind), reported once on the construction.</summary>
    private static void AnalyzeConstruction(IOperation operation, LossAnalysis analysis, DiagnosticSink context)
    {
        if (LossSubject.ForConstruction(operation, analysis) is { } subject)
        {
            AnalyzeSubject(subject, analysis, context);
        }
    }

    private static void AnalyzeSubject(LossSubject subject, LossAnalysis analysis, DiagnosticSink context)
    {
        if (!subject.Calls.IsDefault && subject.Calls.IsEmpty)
        {
            // A loss that is never called: nothing it is built with matters.
            return;
        }

        Loss006PosWeightsLength.Analyze(subject, analysis, context);
        Loss007PerClassWeight.Analyze(subject, analysis, context);
        Loss008InvalidWeight.Analyze(subject, analysis, context);
        Loss012PreferLogits.Analyze(subject, analysis, context);
    }
}
