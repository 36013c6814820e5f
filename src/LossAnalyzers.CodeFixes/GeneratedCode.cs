using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace LossAnalyzers.CodeFixes;

/// <summary>Code the fixes write as text.</summary>
internal static class GeneratedCode
{
    /// <summary>Parses generated code; the <c>global::</c> names it introduces are left to the simplifier.</summary>
    public static ExpressionSyntax Parse(string text)
    {
        var expression = SyntaxFactory.ParseExpression(text);
        var qualified = expression.DescendantNodesAndSelf()
            .Where(n => n is MemberAccessExpressionSyntax or QualifiedNameSyntax && n.ToString().StartsWith("global::", System.StringComparison.Ordinal)
                        && n.Parent is not (MemberAccessExpressionSyntax or QualifiedNameSyntax))
            .ToList();
        return expression.ReplaceNodes(qualified, (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation));
    }

    /// <summary>An expression safe to call a method on: parenthesized unless it is already primary.</summary>
    public static string Receiver(string expression) =>
        SyntaxFactory.ParseExpression(expression) is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
            or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax
            ? expression
            : $"({expression})";
}
