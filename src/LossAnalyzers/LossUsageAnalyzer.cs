using System.Collections.Immutable;
using LossAnalyzers.Analysis;
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
        Descriptors.Loss001SigmoidIntoBce);

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

            start.RegisterOperationAction(context => AnalyzeInvocation(context, analysis), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, LossAnalysis analysis)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!analysis.TryGetLossCall(invocation, out var call))
        {
            return;
        }

        Loss001SigmoidIntoBce.Analyze(call, analysis, context);
    }
}
