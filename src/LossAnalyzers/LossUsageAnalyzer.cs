using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
/// file under Rules/ (its descriptor and its detector) and is registered in <see cref="RuleRegistry"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LossUsageAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableArray<LossRule> Rules = RuleRegistry.LossUsage;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Rules.SelectMany(rule => rule.AllDescriptors).ToImmutableArray();

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
            var candidates = new CandidateSyntax(start.Compilation, analysis.Symbols, Rules.SelectMany(rule => rule.Triggers), new ConstantNames(name => analysis.Flow.Syntax.Constants(name)));
            start.RegisterSemanticModelAction(context => AnalyzeTree(context, analysis, candidates));
        });
    }

    private static void AnalyzeTree(SemanticModelAnalysisContext context, LossAnalysis analysis, CandidateSyntax candidates)
    {
        var model = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        var sink = new DiagnosticSink(context.ReportDiagnostic, cancellationToken);
        foreach (var node in model.SyntaxTree.GetRoot(cancellationToken).DescendantNodes())
        {
            if (!candidates.IsCandidate(node))
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
            case IBinaryOperation { OperatorMethod: { } method } binary when analysis.Symbols.IsTensor(method.ContainingType):
                // Tensor operators: only those with a TorchSharp operator method can matter.
                foreach (var rule in Rules)
                {
                    rule.OnTensorOperator(binary, analysis, sink);
                }

                break;
            case ICompoundAssignmentOperation compound:
                foreach (var rule in Rules)
                {
                    rule.OnCompoundAssignment(compound, analysis, sink);
                }

                break;
        }
    }

    private static void AnalyzeInvocation(IInvocationOperation invocation, LossAnalysis analysis, DiagnosticSink sink)
    {
        if (!analysis.TryGetLossCall(invocation, out var call))
        {
            AnalyzeConstruction(invocation, analysis, sink);
            foreach (var rule in Rules)
            {
                rule.OnInvocation(invocation, analysis, sink);
            }

            return;
        }

        var origins = analysis.OriginsOf(call.Input.Value);
        if (origins.Length == 1)
        {
            foreach (var rule in Rules)
            {
                rule.OnLossCall(call, origins[0].Origin, analysis, sink);
            }
        }
        else
        {
            // A parameter whose callers pass different things: each kind of input is its own case, and a rule reports
            // once at the input, naming the call sites that show its finding.
            var reported = new HashSet<string>(StringComparer.Ordinal);
            var once = new DiagnosticSink(diagnostic => { if (reported.Add(diagnostic.Id)) sink.ReportDiagnostic(diagnostic); }, sink.CancellationToken);
            foreach (var group in origins.Where(o => o.Origin.Kind != OriginKind.Unknown || o.Origin.Width is not null)
                         .GroupBy(o => (o.Origin.Kind, o.Origin.Width, o.Origin.SingleLabel)))
            {
                var origin = TensorOrigin.Merge(group.Select(o => o.Origin).ToImmutableArray());
                foreach (var rule in Rules)
                {
                    rule.OnLossCall(call, origin, analysis, once);
                }
            }
        }

        if (call.IsFunctional)
        {
            AnalyzeLoss(LossSubject.ForFunctional(call), analysis, sink);
        }
    }

    /// <summary>A loss construction's own rules (its weights, its kind), reported once on the construction.</summary>
    private static void AnalyzeConstruction(IOperation operation, LossAnalysis analysis, DiagnosticSink sink)
    {
        if (LossSubject.ForConstruction(operation, analysis) is { } subject)
        {
            AnalyzeLoss(subject, analysis, sink);
        }
    }

    private static void AnalyzeLoss(LossSubject subject, LossAnalysis analysis, DiagnosticSink sink)
    {
        if (subject.Uses.NeverCalled)
        {
            // A loss that is never called: nothing it is built with matters.
            return;
        }

        foreach (var rule in Rules)
        {
            rule.OnLoss(subject, analysis, sink);
        }
    }
}
