using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers;

/// <summary>Short renderings of code for diagnostic messages.</summary>
internal static class SourceText
{
    private const int MaxLength = 60;

    public static string Abbreviate(SyntaxNode node)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(node.ToString(), @"\s+", " ");
        return text.Length <= MaxLength ? text : text.Substring(0, MaxLength - 3) + "...";
    }

    /// <summary>
    /// The expression as an operand of a member access or an arithmetic in a message's suggested code: in parentheses
    /// unless it is a name, a member access, a call, an element access or already parenthesized.
    /// </summary>
    public static string Operand(SyntaxNode expression) => Operand(expression, Abbreviate(expression));

    /// <summary>The same, whole: for code a fix writes, which must not be abbreviated.</summary>
    public static string WholeOperand(SyntaxNode expression) => Operand(expression, expression.WithoutTrivia().ToString());

    private static string Operand(SyntaxNode expression, string text) =>
        expression is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax
            or Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ElementAccessExpressionSyntax
            or Microsoft.CodeAnalysis.CSharp.Syntax.ParenthesizedExpressionSyntax
            ? text
            : $"({text})";

    /// <summary>Where an activation was applied, in words: "applied by 'torch.sigmoid(logits)' at Model.cs line 12".</summary>
    public static string DescribeSites(ImmutableArray<ActivationSite> sites, string activation, SyntaxNode use)
    {
        if (sites.Length == 1 && sites[0].Node.SyntaxTree == use.SyntaxTree && use.Span.Contains(sites[0].Node.Span))
        {
            return $"the {activation} is applied inline";
        }

        if (sites.IsEmpty)
        {
            return $"the {activation} is applied where the model is built";
        }

        if (sites.Length > 1)
        {
            return $"the {activation} is applied in {sites.Length} places, first by '{Abbreviate(sites[0].Node)}' at {Where(sites[0].Node)}";
        }

        var site = sites[0];
        return site.Kind == SiteKind.SequentialElement
            ? $"the {activation} is the last layer of a Sequential, '{Abbreviate(site.Node)}' at {Where(site.Node)}"
            : $"the {activation} is applied by '{Abbreviate(site.Node)}' at {Where(site.Node)}";
    }

    /// <summary>
    /// Where a parameter's value comes from, for evidence that crosses a method: " (passed at Train.cs line 40)", with
    /// the number of other calls; empty when <paramref name="value"/> is not a parameter or has no visible caller.
    /// </summary>
    /// <summary>Where a tensor's element type was decided, for a message: "as written here" or "from '...'", and the call sites that pass it.</summary>
    public static string DtypeCause(LossAnalysis analysis, Dtype dtype, IOperation value) =>
        (dtype.Cause is null || dtype.Cause == value.Syntax ? "as written here" : $"from '{Abbreviate(dtype.Cause)}'") + Callers(analysis, value);

    public static string Callers(LossAnalysis analysis, IOperation value)
    {
        if (OperationFacts.StripConversions(value) is not Microsoft.CodeAnalysis.Operations.IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol method }
            || analysis.CallSitesOf(method) is not { Count: > 0 } calls)
        {
            return string.Empty;
        }

        var first = calls.OrderBy(c => c.Syntax.SyntaxTree.FilePath, System.StringComparer.Ordinal).ThenBy(c => c.Syntax.SpanStart).First();
        var others = calls.Count - 1;
        return $" (passed at {Where(first.Syntax)}{(others == 0 ? string.Empty : others == 1 ? " and 1 other call" : $" and {others} other calls")})";
    }

    public static string Where(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        var file = System.IO.Path.GetFileName(span.Path);
        var line = span.StartLinePosition.Line + 1;
        return string.IsNullOrEmpty(file) ? $"line {line}" : $"{file} line {line}";
    }
}
