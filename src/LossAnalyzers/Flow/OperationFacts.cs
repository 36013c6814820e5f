using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Flow;

/// <summary>Small facts read off operations: constants, arguments by parameter, collection elements.</summary>
internal static class OperationFacts
{
    /// <summary>Drops conversions, including user-defined implicit ones such as <c>long</c> to <c>TensorIndex</c>.</summary>
    public static IOperation? StripConversions(IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    public static long? ConstantInteger(IOperation? operation) => Integer(Constant(operation));

    public static double? ConstantNumber(IOperation? operation) => Constant(operation) switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        var other => Integer(other),
    };

    /// <summary>The constant value of the operation, or of what it converts; null when there is none.</summary>
    public static object? Constant(IOperation? operation)
    {
        if (operation is null)
        {
            return null;
        }

        var outer = operation.ConstantValue;
        if (outer.HasValue)
        {
            return outer.Value;
        }

        var inner = StripConversions(operation)?.ConstantValue ?? default;
        return inner.HasValue ? inner.Value : null;
    }

    /// <summary>The argument passed for the parameter named <paramref name="name"/>, unless it is the default.</summary>
    /// <summary>The member of <paramref name="enumType"/> whose value is <paramref name="constant"/> (<c>Int64</c>, <c>Mean</c>, ...); null when there is none.</summary>
    public static string? EnumMemberName(INamedTypeSymbol? enumType, object? constant)
    {
        if (enumType is null || constant is null)
        {
            return null;
        }

        foreach (var member in enumType.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true } field && Equals(System.Convert.ToInt64(field.ConstantValue), System.Convert.ToInt64(constant)))
            {
                return field.Name;
            }
        }

        return null;
    }

    public static IArgumentOperation? Argument(IInvocationOperation invocation, string name)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>The argument passed for the parameter at <paramref name="ordinal"/>, unless it is the default.</summary>
    public static IArgumentOperation? Argument(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>
    /// The elements of an array or collection written in place (<c>new[] { a, b }</c>, <c>new List&lt;T&gt; { a, b }</c>,
    /// a <c>params</c> list), with the syntax node that holds each; default when they are not written out.
    /// </summary>
    public static ImmutableArray<(IOperation Value, SyntaxNode Node)> Elements(IOperation? collection)
    {
        switch (StripConversions(collection))
        {
            case IArrayCreationOperation { Initializer: { } initializer }:
                var builder = ImmutableArray.CreateBuilder<(IOperation, SyntaxNode)>();
                foreach (var element in initializer.ElementValues)
                {
                    builder.Add((element, ElementNode(element.Syntax)));
                }

                return builder.ToImmutable();
            case IObjectCreationOperation { Initializer: { } collectionInitializer }:
                var items = ImmutableArray.CreateBuilder<(IOperation, SyntaxNode)>();
                foreach (var initializer in collectionInitializer.Initializers)
                {
                    if (initializer is not IInvocationOperation { Arguments.Length: 1 } add)
                    {
                        return default;
                    }

                    items.Add((add.Arguments[0].Value, add.Syntax));
                }

                return items.ToImmutable();
            default:
                return default;
        }
    }

    /// <summary>For a <c>params</c> element the node to remove is its argument; otherwise the element itself.</summary>
    private static SyntaxNode ElementNode(SyntaxNode syntax) =>
        syntax.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax argument ? argument : syntax;

    /// <summary>The values of the arguments written for a <c>params</c> parameter or passed as one array.</summary>
    public static ImmutableArray<long?> ConstantIntegers(IArgumentOperation? argument)
    {
        if (argument is null)
        {
            return default;
        }

        var elements = Elements(argument.Value);
        if (elements.IsDefault)
        {
            return ImmutableArray.Create(ConstantInteger(argument.Value));
        }

        var values = ImmutableArray.CreateBuilder<long?>(elements.Length);
        foreach (var (value, _) in elements)
        {
            values.Add(ConstantInteger(value));
        }

        return values.MoveToImmutable();
    }

    private static long? Integer(object? value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        sbyte b => b,
        byte b => b,
        ushort u => u,
        uint u => u,
        ulong u when u <= long.MaxValue => (long)u,
        _ => null,
    };
}
