using System.Composition;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS013: <c>t.sum(0)</c> becomes <c>t.sum(dim: 0)</c>, offered only where the call then binds to a dimension overload
/// (checked by binding the rewritten call in place).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss013CodeFix))]
[Shared]
public sealed class Loss013CodeFix : NodeEditCodeFix
{
    public Loss013CodeFix()
        : base("LOSS013", "LOSS013.NamedDimension", "Name the dimension: dim: 0")
    {
    }

    private protected override NodeEdit? Edit(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node)
    {
        if (node.Parent is not ArgumentSyntax { NameColon: null } argument
            || argument.Parent?.Parent is not InvocationExpressionSyntax invocation)
        {
            return null;
        }

        var named = argument.WithNameColon(DimensionName()).WithTriviaFrom(argument);
        var rewritten = invocation.ReplaceNode(argument, named);
        var bound = analysis.Model(node.SyntaxTree).GetSpeculativeSymbolInfo(invocation.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression).Symbol;
        if (bound is not IMethodSymbol method || !HasIntegralDimension(method))
        {
            return null;
        }

        return new NodeEdit(argument, current => ((ArgumentSyntax)current).WithNameColon(DimensionName()));
    }

    private static NameColonSyntax DimensionName() => SyntaxFactory.NameColon("dim").WithTrailingTrivia(SyntaxFactory.Space);

    private static bool HasIntegralDimension(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name == "dim" && parameter.Type.SpecialType is SpecialType.System_Int64 or SpecialType.System_Int32)
            {
                return true;
            }
        }

        return false;
    }
}
