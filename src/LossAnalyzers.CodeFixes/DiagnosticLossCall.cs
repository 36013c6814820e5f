using System.Threading;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes;

/// <summary>The loss call a diagnostic reported on its input argument belongs to.</summary>
internal static class DiagnosticLossCall
{
    public static LossCall? Find(LossAnalysis analysis, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var tree = diagnostic.Location.SourceTree;
        if (tree is null || !analysis.Compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

        var node = tree.GetRoot(cancellationToken).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node is ArgumentSyntax argumentSyntax)
        {
            node = argumentSyntax.Expression;
        }

        if (node.Parent is not ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax invocationSyntax }
            || analysis.Model(tree).GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation invocation
            || !analysis.TryGetLossCall(invocation, out var call)
            || call.Input.Value.Syntax != node)
        {
            return null;
        }

        return call;
    }
}
