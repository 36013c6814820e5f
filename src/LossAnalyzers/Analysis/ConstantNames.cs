using System;
using System.Collections.Generic;
using System.Linq;
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
    private readonly Func<string, IEnumerable<double?>> constants;

    /// <summary>The constants come from <paramref name="constants"/>, asked on the first question about a name (never for literals).</summary>
    public ConstantNames(Func<string, IEnumerable<double?>> constants) => this.constants = constants;

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
                return TreeIndex.LiteralValue(literal) == value;
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
        IdentifierNameSyntax identifier => constants(identifier.Identifier.ValueText).Any(),
        MemberAccessExpressionSyntax access => constants(access.Name.Identifier.ValueText).Any(),
        _ => false,
    };

    private bool NameMayEqual(string name, double value) => constants(name).Any(c => c is null || c == value);
}
