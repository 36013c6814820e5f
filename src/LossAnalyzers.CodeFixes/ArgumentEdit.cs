using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes;

/// <summary>Writes one argument of a call or construction: replaces the value where it is written, else appends it by name.</summary>
internal static class ArgumentEdit
{
    /// <summary>
    /// The edit that gives <paramref name="parameter"/> of <paramref name="call"/> (an invocation or object creation) the
    /// value <paramref name="value"/>; null when the called method has no such parameter.
    /// </summary>
    public static NodeEdit? Set(LossAnalysis analysis, SyntaxNode call, string parameter, string value)
    {
        var operation = analysis.Model(call.SyntaxTree).GetOperation(call);
        if (operation is null || LossSettings.Parameter(operation, parameter) is null
            || call is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax))
        {
            return null;
        }

        var list = ArgumentList(call);
        var written = OperationFacts.Argument(operation, parameter);
        var index = written?.Syntax is ArgumentSyntax argument && list is not null ? list.Arguments.IndexOf(argument) : -1;
        if (written is not null && index < 0)
        {
            // Written in a form this edit cannot place (params array, say): leave it.
            return null;
        }

        return new NodeEdit(call, current =>
        {
            var currentList = ArgumentList(current) ?? SyntaxFactory.ArgumentList();
            var expression = SyntaxFactory.ParseExpression(value);
            var newList = index >= 0
                ? currentList.WithArguments(currentList.Arguments.Replace(currentList.Arguments[index], currentList.Arguments[index].WithExpression(expression.WithTriviaFrom(currentList.Arguments[index].Expression))))
                : Append(currentList, SyntaxFactory.ParseArgumentList($"({parameter}: {value})").Arguments[0]);
            return current switch
            {
                InvocationExpressionSyntax invocation => invocation.WithArgumentList(newList),
                BaseObjectCreationExpressionSyntax creation => creation.WithArgumentList(newList),
                _ => current,
            };
        });
    }

    /// <summary>The list with <paramref name="argument"/> appended after a comma and a space, every existing node kept.</summary>
    private static ArgumentListSyntax Append(ArgumentListSyntax list, ArgumentSyntax argument)
    {
        var separators = list.Arguments.GetSeparators().ToList();
        if (list.Arguments.Count > 0)
        {
            separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
        }

        return list.WithArguments(SyntaxFactory.SeparatedList(list.Arguments.Add(argument), separators));
    }

    private static ArgumentListSyntax? ArgumentList(SyntaxNode call) => call switch
    {
        InvocationExpressionSyntax invocation => invocation.ArgumentList,
        BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
        _ => null,
    };
}
