using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// The loss evaluations and module calls of a whole compilation, found once per fix: a fix that changes a
/// model or a loss construction must see every place that uses it.
/// </summary>
internal sealed class ProjectScan
{
    private ProjectScan(ImmutableArray<LossCall> lossCalls, ImmutableArray<IInvocationOperation> moduleCalls)
    {
        LossCalls = lossCalls;
        ModuleCalls = moduleCalls;
    }

    public ImmutableArray<LossCall> LossCalls { get; }

    /// <summary>Every <c>module.forward(x)</c> / <c>module.call(x)</c> on a one-input module.</summary>
    public ImmutableArray<IInvocationOperation> ModuleCalls { get; }

    public static ProjectScan Create(LossAnalysis analysis, CancellationToken cancellationToken)
    {
        var lossCalls = ImmutableArray.CreateBuilder<LossCall>();
        var moduleCalls = ImmutableArray.CreateBuilder<IInvocationOperation>();
        foreach (var tree in analysis.Compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SemanticModel? model = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax invocation || !IsCandidate(invocation))
                {
                    continue;
                }

                model ??= analysis.Model(tree);
                if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
                {
                    continue;
                }

                if (analysis.TryGetLossCall(operation, out var call))
                {
                    lossCalls.Add(call);
                }
                else if (analysis.Modules.CallInput(operation) is not null)
                {
                    moduleCalls.Add(operation);
                }
            }
        }

        return new ProjectScan(lossCalls.ToImmutable(), moduleCalls.ToImmutable());
    }

    /// <summary>A module call of any arity (the one-input ones are model calls) or a functional loss.</summary>
    private static bool IsCandidate(InvocationExpressionSyntax invocation) =>
        Rules.CandidateSyntax.InvokedName(invocation) is { } name
        && (name is "forward" or "call" || LossCatalog.FunctionalNames.Contains(name));

    /// <summary>The loss calls that evaluate one of <paramref name="creations"/>.</summary>
    public IEnumerable<LossCall> CallsOf(ISet<SyntaxNode> creations)
    {
        foreach (var call in LossCalls)
        {
            foreach (var construction in call.Constructions)
            {
                if (creations.Contains(construction.Creation.Syntax))
                {
                    yield return call;
                    break;
                }
            }
        }
    }
}
