using System.Globalization;
using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// Whether a value read at one place can be written at another (a hand-made factor moved into the loss construction):
/// as a literal where it is a constant, visibly, through locals assigned once and readonly fields with a constant
/// initializer; else as the same expression where everything it reads is in scope there, already assigned, and holds
/// the same value. Null when neither holds: the fix is then not offered.
/// </summary>
internal static class MovedValue
{
    private const int MaxDepth = 8;

    /// <summary>The <c>float</c> text of <paramref name="value"/> (plus one where asked) at <paramref name="destination"/>.</summary>
    public static string? FloatText(LossAnalysis analysis, IOperation value, bool plusOne, SyntaxNode destination)
    {
        if (Constant(analysis, value, 0) is { } constant)
        {
            var literal = ((float)(constant + (plusOne ? 1 : 0))).ToString("R", CultureInfo.InvariantCulture) + "f";
            var source = (OperationFacts.StripConversions(value) ?? value).Syntax.ToString();
            return $"{literal} /* {(plusOne ? $"({source}) + 1" : source)} */";
        }

        if (!IsAvailable(analysis, value, destination))
        {
            return null;
        }

        var text = (OperationFacts.StripConversions(value) ?? value).Syntax.ToString();
        return plusOne ? $"(float)(({text}) + 1)"
            : value.Type?.SpecialType == SpecialType.System_Single ? text
            : $"(float)({text})";
    }

    private static double? Constant(LossAnalysis analysis, IOperation? value, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return null;
        }

        if (OperationFacts.ConstantNumber(value) is { } number)
        {
            return number;
        }

        switch (OperationFacts.StripConversions(value))
        {
            case ILocalReferenceOperation local
                when LocalDefinitions.Collect(LocalDefinitions.Root(local), local.Local) is { Length: 1 } definitions:
                return Constant(analysis, definitions[0].Value, depth + 1);
            case IFieldReferenceOperation { Field: { IsReadOnly: true } field }
                when analysis.Members.For(field) is { IsDefault: false, Length: 1 } definitions
                     && definitions[0].Node is EqualsValueClauseSyntax:
                return Constant(analysis, definitions[0].Value, depth + 1);
            default:
                return null;
        }
    }

    private static bool IsAvailable(LossAnalysis analysis, IOperation value, SyntaxNode destination)
    {
        var model = analysis.Model(destination.SyntaxTree);
        var member = EnclosingMember(model.GetEnclosingSymbol(destination.SpanStart));
        foreach (var operation in value.DescendantsAndSelf())
        {
            switch (operation)
            {
                case ILiteralOperation or IConversionOperation or IParenthesizedOperation or IBinaryOperation or IUnaryOperation:
                    continue;
                case IFieldReferenceOperation { Field.IsConst: true }:
                    continue;
                case ILocalReferenceOperation local
                    when InScope(model, destination, local.Local)
                         && local.Local.DeclaringSyntaxReferences.All(r => r.SyntaxTree == destination.SyntaxTree && r.Span.End <= destination.SpanStart)
                         && LocalDefinitions.Collect(LocalDefinitions.Root(local), local.Local).Length == 1:
                    continue;
                case IParameterReferenceOperation parameter
                    when InScope(model, destination, parameter.Parameter)
                         && LocalDefinitions.Collect(LocalDefinitions.Root(parameter), parameter.Parameter).IsEmpty:
                    continue;
                case IFieldReferenceOperation { Field: { IsReadOnly: true, IsStatic: true } }:
                    continue;
                case IInstanceReferenceOperation:
                    continue;
                case IFieldReferenceOperation { Field: { IsReadOnly: true, IsStatic: false } field, Instance: IInstanceReferenceOperation }
                    when member is IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.PropertySet } method
                         && SymbolEqualityComparer.Default.Equals(method.ContainingType, field.ContainingType):
                    // A readonly field is set by the time an ordinary instance method runs (not so in an initializer
                    // or a constructor, where order matters).
                    continue;
                default:
                    return false;
            }
        }

        return true;
    }

    private static bool InScope(SemanticModel model, SyntaxNode destination, ISymbol symbol) =>
        model.LookupSymbols(destination.SpanStart, name: symbol.Name).Contains(symbol, SymbolEqualityComparer.Default);

    /// <summary>The method, accessor, field or property whose code holds a position, past lambdas and local functions.</summary>
    private static ISymbol? EnclosingMember(ISymbol? symbol)
    {
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol;
    }
}
