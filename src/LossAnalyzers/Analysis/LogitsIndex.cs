using System.Collections.Generic;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

/// <summary>
/// What the compilation shows to be logits: every value fed to a <c>BCEWithLogitsLoss</c> (or
/// <c>binary_cross_entropy_with_logits</c>), and every module instance whose output is fed there. Built once per
/// compilation, on first need, from the candidate calls of the shared <see cref="SyntaxIndex"/>.
/// </summary>
internal sealed class LogitsIndex
{
    private readonly Dictionary<object, SyntaxNode> lossOfModel = new();
    private readonly Dictionary<SyntaxNode, SyntaxNode> lossOfValue = new();

    public LogitsIndex(LossAnalysis analysis)
    {
        foreach (var invocation in analysis.Syntax.LogitsLossCandidates)
        {
            if (analysis.Model(invocation.SyntaxTree).GetOperation(invocation) is not IInvocationOperation operation
                || !analysis.TryGetLossCall(operation, out var call)
                || call.Kind != LossKind.BCEWithLogits)
            {
                continue;
            }

            foreach (var root in analysis.ValueRoots(call.Input.Value))
            {
                lossOfValue[root.Syntax] = invocation;
                foreach (var identity in analysis.ModuleIdentities(root))
                {
                    lossOfModel[identity] = invocation;
                }
            }
        }
    }

    /// <summary>
    /// The loss call that shows <paramref name="value"/> to be logits (null when nothing does), and whether the value
    /// itself is fed to it (rather than another output of the same model).
    /// </summary>
    public (SyntaxNode? Loss, bool Direct) LossShowingLogits(LossAnalysis analysis, IOperation value)
    {
        SyntaxNode? loss = null;
        var direct = true;
        foreach (var root in analysis.ValueRoots(value))
        {
            if (lossOfValue.TryGetValue(root.Syntax, out var fedDirectly))
            {
                loss = fedDirectly;
                continue;
            }

            SyntaxNode? viaModel = null;
            foreach (var identity in analysis.ModuleIdentities(root))
            {
                if (lossOfModel.TryGetValue(identity, out var found))
                {
                    viaModel = found;
                    break;
                }
            }

            if (viaModel is null)
            {
                return (null, false);
            }

            loss = viaModel;
            direct = false;
        }

        return (loss, direct);
    }

    /// <summary>A loss module call (two arguments) or the functional form: what can evaluate BCEWithLogitsLoss.</summary>
    public static bool NamedLikeLogitsLoss(InvocationExpressionSyntax invocation) =>
        CandidateSyntax.InvokedName(invocation) switch
        {
            "forward" or "call" => invocation.ArgumentList.Arguments.Count == 2,
            "binary_cross_entropy_with_logits" => true,
            _ => false,
        };
}
