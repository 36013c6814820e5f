using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.Analysis;

/// <summary>
/// Every <c>const</c> field and local of the compilation by name, with its literal value where the declaration shows
/// one (null where it is computed from other constants). Lets the syntax pre-filter accept <c>x &gt; Threshold</c> or
/// <c>t.sum(Dim)</c> without binding: a name that is no constant cannot have a constant value.
/// </summary>
internal sealed class ConstantNames
{
    private readonly Lazy<Dictionary<string, List<double?>>> index;

    /// <summary>
    /// The index comes from <paramref name="source"/> on the first question about a name (never for literals); not
    /// cancellable, since a Lazy caches its exception.
    /// </summary>
    public ConstantNames(Func<Dictionary<string, List<double?>>> source) =>
        index = new Lazy<Dictionary<string, List<double?>>>(source, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Adds the constants <paramref name="node"/> declares, if it is a <c>const</c> field or local declaration.</summary>
    public static void Collect(SyntaxNode node, Dictionary<string, List<double?>> values)
    {
        var declaration = node switch
        {
            FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.ConstKeyword) => field.Declaration,
            LocalDeclarationStatementSyntax local when local.IsConst => local.Declaration,
            _ => null,
        };
        if (declaration is null)
        {
            return;
        }

        foreach (var variable in declaration.Variables)
        {
            SyntaxIndex.Add(values, variable.Identifier.ValueText, variable.Initializer is { } initializer ? LiteralValue(initializer.Value) : null);
        }
    }

    /// <summary>
    /// False only when <paramref name="expression"/> certainly has no constant value equal to <paramref name="value"/>;
    /// true for anything that might (a matching literal, a constant name, arithmetic on literals and constants).
    /// </summary>
    public bool MayEqual(ExpressionSyntax expression, double value)
    {
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return MayEqual(parenthesized.Expression, value);
            case CastExpressionSyntax cast:
                return MayEqual(cast.Expression, value);
            case CheckedExpressionSyntax @checked:
                return MayEqual(@checked.Expression, value);
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } minus:
                return MayEqual(minus.Operand, -value);
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryPlusExpression } plus:
                return MayEqual(plus.Operand, value);
            case LiteralExpressionSyntax literal:
                return LiteralValue(literal) == value;
            case BinaryExpressionSyntax binary:
                return MayBeConstant(binary.Left) && MayBeConstant(binary.Right);
            case IdentifierNameSyntax identifier:
                return NameMayEqual(identifier.Identifier.ValueText, value);
            case MemberAccessExpressionSyntax access:
                return NameMayEqual(access.Name.Identifier.ValueText, value);
            default:
                return false;
        }
    }

    private bool MayBeConstant(ExpressionSyntax expression) => expression switch
    {
        ParenthesizedExpressionSyntax parenthesized => MayBeConstant(parenthesized.Expression),
        CastExpressionSyntax cast => MayBeConstant(cast.Expression),
        PrefixUnaryExpressionSyntax unary => MayBeConstant(unary.Operand),
        LiteralExpressionSyntax => true,
        BinaryExpressionSyntax binary => MayBeConstant(binary.Left) && MayBeConstant(binary.Right),
        IdentifierNameSyntax identifier => index.Value.ContainsKey(identifier.Identifier.ValueText),
        MemberAccessExpressionSyntax access => index.Value.ContainsKey(access.Name.Identifier.ValueText),
        _ => false,
    };

    private bool NameMayEqual(string name, double value) =>
        index.Value.TryGetValue(name, out var candidates) && candidates.Any(c => c is null || c == value);

    private static double? LiteralValue(ExpressionSyntax expression) =>
        expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression } literal
            ? literal.Token.Value switch
            {
                null => null,
                var number => Convert.ToDouble(number, CultureInfo.InvariantCulture),
            }
            : null;
}
