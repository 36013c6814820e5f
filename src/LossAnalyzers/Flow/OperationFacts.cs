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

    /// <summary>The operation with the built-in conversions and parentheses around it: what its parent consumes.</summary>
    public static IOperation WithConversions(IOperation operation)
    {
        while (operation.Parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>The method or constructor a call or object creation runs; null for other operations.</summary>
    public static IMethodSymbol? Called(IOperation callOrCreation) => callOrCreation switch
    {
        IInvocationOperation invocation => invocation.TargetMethod,
        IObjectCreationOperation creation => creation.Constructor,
        _ => null,
    };

    /// <summary>The arguments of a call or object creation, the compiler's defaults included; empty for other operations.</summary>
    public static ImmutableArray<IArgumentOperation> Arguments(IOperation callOrCreation) => callOrCreation switch
    {
        IInvocationOperation invocation => invocation.Arguments,
        IObjectCreationOperation creation => creation.Arguments,
        _ => ImmutableArray<IArgumentOperation>.Empty,
    };

    /// <summary>The argument written for the parameter <paramref name="name"/> of a call or object creation, not the compiler's default.</summary>
    public static IArgumentOperation? Argument(IOperation callOrCreation, string name)
    {
        foreach (var argument in Arguments(callOrCreation))
        {
            if (argument.Parameter?.Name == name && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>The argument passed for the parameter at <paramref name="ordinal"/>, unless it is the default.</summary>
    public static IArgumentOperation? Argument(IOperation callOrCreation, int ordinal)
    {
        foreach (var argument in Arguments(callOrCreation))
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
