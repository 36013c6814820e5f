using System;
using System.Composition;
using LossAnalyzers.Analysis;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes;

/// <summary>LOSS011: compare logits with 0, the logit of probability one half.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss011CodeFix))]
[Shared]
public sealed class Loss011CodeFix : NodeEditCodeFix
{
    public Loss011CodeFix()
        : base("LOSS011", "LOSS011.CompareWithZero", "Compare the logits with 0")
    {
    }

    private protected override NodeEdit? Edit(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node)
    {
        var zero = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0));
        switch (analysis.Model(node.SyntaxTree).GetOperation(node))
        {
            case IBinaryOperation comparison when Loss011LogitsThresholdedAtHalf.IsHalf(comparison.RightOperand):
                return new NodeEdit(node, current => ((BinaryExpressionSyntax)current).WithRight(zero.WithTriviaFrom(((BinaryExpressionSyntax)current).Right)));
            case IBinaryOperation comparison when Loss011LogitsThresholdedAtHalf.IsHalf(comparison.LeftOperand):
                return new NodeEdit(node, current => ((BinaryExpressionSyntax)current).WithLeft(zero.WithTriviaFrom(((BinaryExpressionSyntax)current).Left)));
            case IInvocationOperation { Arguments.Length: 1 }:
                return new NodeEdit(node, current =>
                {
                    var invocation = (InvocationExpressionSyntax)current;
                    var argument = invocation.ArgumentList.Arguments[0];
                    return invocation.ReplaceNode(argument.Expression, zero.WithTriviaFrom(argument.Expression));
                });
            default:
                return null;
        }
    }
}
