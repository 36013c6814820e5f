using System.Linq;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

/// <summary>The family of a tensor's element type, as far as the code shows it.</summary>
internal enum DtypeFamily
{
    Unknown,
    Floating,
    Integer,
    Bool,
}

/// <summary>A tensor's element type family and the expression that fixed it (for messages).</summary>
internal readonly struct Dtype
{
    public Dtype(DtypeFamily family, SyntaxNode? cause, string? scalarType = null)
    {
        Family = family;
        Cause = cause;
        ScalarType = scalarType;
    }

    public DtypeFamily Family { get; }

    /// <summary>The exact <c>ScalarType</c> member (<c>Float64</c>, <c>Int64</c>, ...) where the code shows it.</summary>
    public string? ScalarType { get; }

    /// <summary>Where the element type was decided: <c>one_hot(...)</c>, <c>.@long()</c>, <c>dtype: ScalarType.Int64</c>.</summary>
    public SyntaxNode? Cause { get; }
}

internal sealed partial class LossAnalysis
{
    /// <summary>
    /// The element type family of a tensor value: from <c>one_hot</c>, <c>torch.tensor(long[])</c>, a <c>dtype:</c>
    /// argument, <c>.@long()</c>, <c>.to_type(ScalarType.Int64)</c>, comparisons (bool), <c>argmax</c> (int64), through
    /// locals, fields and shape steps. Unknown where the code does not show it.
    /// </summary>
    public Dtype DtypeOf(IOperation tensor) => dtypes.Get(tensor, state => DtypeOf(tensor, state));

    private Dtype DtypeOf(IOperation tensor, TraceState state)
    {
        var dtypes = Flow.Sources.Answers(tensor, state, leaf => new Optional<Dtype>(LeafDtype(leaf, state)), default(Dtype));
        if (dtypes.IsDefaultOrEmpty)
        {
            return default;
        }

        var result = dtypes[0];
        foreach (var dtype in dtypes)
        {
            if (dtype.Family == DtypeFamily.Unknown || dtype.Family != result.Family)
            {
                return default;
            }

            // Leaves of one family but different exact types: keep the family, drop the exact type.
            if (dtype.ScalarType != result.ScalarType)
            {
                result = new Dtype(result.Family, result.Cause);
            }
        }

        return result;
    }

    private Dtype LeafDtype(IOperation leaf, TraceState state)
    {
        switch (leaf)
        {
            case IBinaryOperation { OperatorMethod: { } method } comparison
                when Symbols.IsTensor(method.ContainingType)
                     && comparison.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
                         or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
                         or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual:
                return new Dtype(DtypeFamily.Bool, leaf.Syntax, "Bool");
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed } indexer when Symbols.IsTensor(indexer.Property.ContainingType):
                return DtypeOf(indexed, state);
            case IInvocationOperation invocation:
                return InvocationDtype(invocation, state);
            default:
                return default;
        }
    }

    private Dtype InvocationDtype(IInvocationOperation invocation, TraceState state)
    {
        var method = invocation.TargetMethod;
        if (!Symbols.IsTensorFunctionHost(method.ContainingType))
        {
            return default;
        }

        var cause = invocation.Syntax;
        if (!method.IsStatic && invocation.Instance is { } receiver)
        {
            switch (method.Name)
            {
                case "long" or "argmax" or "argmin" or "argsort" or "nonzero":
                    return new Dtype(DtypeFamily.Integer, cause, "Int64");
                case "int":
                    return new Dtype(DtypeFamily.Integer, cause, "Int32");
                case "short":
                    return new Dtype(DtypeFamily.Integer, cause, "Int16");
                case "byte":
                    return new Dtype(DtypeFamily.Integer, cause, "Byte");
                case "char":
                    return new Dtype(DtypeFamily.Integer, cause, "Int8");
                case "bool" or "eq" or "ne" or "gt" or "ge" or "lt" or "le" or "logical_and" or "logical_or" or "logical_not" or "logical_xor" or "isnan" or "isinf":
                    return new Dtype(DtypeFamily.Bool, cause, "Bool");
                case "float":
                    return new Dtype(DtypeFamily.Floating, cause, "Float32");
                case "double":
                    return new Dtype(DtypeFamily.Floating, cause, "Float64");
                case "half":
                    return new Dtype(DtypeFamily.Floating, cause, "Float16");
                case "bfloat16":
                    return new Dtype(DtypeFamily.Floating, cause, "BFloat16");
                case "sigmoid" or "softmax" or "log_softmax" or "neg" or "exp" or "log" or "abs":
                    return DtypeOf(receiver, state) is { Family: DtypeFamily.Floating } floating ? floating : new Dtype(DtypeFamily.Floating, cause);
                case "to_type" or "type" or "to" when DtypeArgument(invocation) is { } converted:
                    return converted;
                case "to" or "view" or "reshape" or "squeeze" or "unsqueeze" or "flatten" or "clone" or "detach" or "contiguous" or "cpu" or "cuda" or "select" or "narrow" or "index":
                    return DtypeOf(receiver, state);
                default:
                    return default;
            }
        }

        if (DtypeArgument(invocation) is { } explicitDtype)
        {
            return explicitDtype;
        }

        switch (method.Name)
        {
            case "one_hot" or "randint" or "argmax":
                return new Dtype(DtypeFamily.Integer, cause, "Int64");
            case "zeros" or "ones" or "rand" or "randn" or "empty":
                return new Dtype(DtypeFamily.Floating, cause, "Float32");
            case "sigmoid" or "softmax" or "log_softmax" when OperationFacts.Argument(invocation, 0)?.Value is { } input:
                return DtypeOf(input, state) is { Family: DtypeFamily.Floating } floatingInput ? floatingInput : new Dtype(DtypeFamily.Floating, cause);
            case "tensor" or "as_tensor" or "from_array":
                var data = OperationFacts.StripConversions(OperationFacts.Argument(invocation, 0)?.Value);
                var elementType = data?.Type is IArrayTypeSymbol array ? array.ElementType : data?.Type;
                return elementType?.SpecialType switch
                {
                    // torch.tensor(int[]) is Int32 in C#: the element type decides.
                    SpecialType.System_Int64 => new Dtype(DtypeFamily.Integer, cause, "Int64"),
                    SpecialType.System_Int32 => new Dtype(DtypeFamily.Integer, cause, "Int32"),
                    SpecialType.System_Int16 => new Dtype(DtypeFamily.Integer, cause, "Int16"),
                    SpecialType.System_Byte => new Dtype(DtypeFamily.Integer, cause, "Byte"),
                    SpecialType.System_SByte => new Dtype(DtypeFamily.Integer, cause, "Int8"),
                    SpecialType.System_Boolean => new Dtype(DtypeFamily.Bool, cause, "Bool"),
                    SpecialType.System_Single => new Dtype(DtypeFamily.Floating, cause, "Float32"),
                    SpecialType.System_Double => new Dtype(DtypeFamily.Floating, cause, "Float64"),
                    _ => default,
                };
            default:
                return default;
        }
    }

    /// <summary>The family named by a constant <c>ScalarType</c> argument (<c>dtype:</c>, <c>to_type(...)</c>), if there is one.</summary>
    private Dtype? DtypeArgument(IInvocationOperation invocation)
    {
        var argument = invocation.Arguments.FirstOrDefault(a =>
            a.ArgumentKind != ArgumentKind.DefaultValue
            && a.Parameter?.Type is { } type
            && (SymbolEqualityComparer.Default.Equals(type, Symbols.ScalarType)
                || (type is INamedTypeSymbol { IsGenericType: true } nullable
                    && SymbolEqualityComparer.Default.Equals(nullable.TypeArguments[0], Symbols.ScalarType))));
        if (argument is null)
        {
            return null;
        }

        var name = ScalarTypeName(argument.Value);
        var family = name switch
        {
            null => DtypeFamily.Unknown,
            "Bool" => DtypeFamily.Bool,
            "Byte" or "Int8" or "Int16" or "Int32" or "Int64" => DtypeFamily.Integer,
            _ => DtypeFamily.Floating,
        };
        return new Dtype(family, argument.Value.Syntax, name);
    }

    /// <summary>The <c>ScalarType</c> member a constant argument names (<c>Int64</c>, <c>Float32</c>, ...).</summary>
    private string? ScalarTypeName(IOperation value) => OperationFacts.EnumMemberName(Symbols.ScalarType, OperationFacts.Constant(value));
}
