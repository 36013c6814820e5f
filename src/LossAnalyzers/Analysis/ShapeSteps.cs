using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

/// <summary>
/// The tensor methods that keep what a tensor holds (its origin) and how each one changes the width of
/// the class dimension: squeezing a width-1 head or selecting one column gives a single-label binary input.
/// </summary>
internal static class ShapeSteps
{
    public static bool IsPassThrough(string name) => TensorSteps.PassThrough.Contains(name);

    public static TensorOrigin Apply(IInvocationOperation invocation, TensorOrigin input)
    {
        switch (invocation.TargetMethod.Name)
        {
            case "view" or "reshape":
                return Reshape(OperationFacts.ConstantIntegers(OperationFacts.Argument(invocation, 0)), input);
            case "flatten":
                var start = OperationFacts.Argument(invocation, "start_dim");
                var end = OperationFacts.Argument(invocation, "end_dim");
                var flattensAll = invocation.TargetMethod.Parameters.FirstOrDefault()?.Name == "start_dim"
                    && (start is null || OperationFacts.ConstantInteger(start.Value) == 0)
                    && (end is null || OperationFacts.ConstantInteger(end.Value) == -1);
                return flattensAll ? Flatten(input) : input.WithShape(null, false);
            case "squeeze":
                var squeezed = OperationFacts.Argument(invocation, 0);
                var dimension = squeezed is null ? (long?)null : OperationFacts.ConstantInteger(squeezed.Value);
                if (squeezed is not null && dimension is null)
                {
                    return input.WithShape(null, false);
                }

                return dimension is null or -1 or 1 && input.Width == 1 ? Single(input) : input;
            case "unsqueeze":
                return OperationFacts.ConstantInteger(OperationFacts.Argument(invocation, 0)?.Value) switch
                {
                    -1 => input.WithShape(1, false),
                    1 when input.SingleLabel => input.WithShape(1, false),
                    0 when !input.SingleLabel => input,
                    _ => input.WithShape(null, false),
                };
            case "select":
                return OperationFacts.ConstantInteger(OperationFacts.Argument(invocation, 0)?.Value) switch
                {
                    // select(1, k) is t[.., k]: one column of an [N, C] head, read the same way as the indexer.
                    -1 or 1 => Single(input),
                    0 => input,
                    _ => input.WithShape(null, false),
                };
            case "narrow":
                var length = OperationFacts.ConstantInteger(OperationFacts.Argument(invocation, 2)?.Value);
                return OperationFacts.ConstantInteger(OperationFacts.Argument(invocation, 0)?.Value) switch
                {
                    -1 when length is { } known => input.WithShape(known, false),
                    0 => input,
                    _ => input.WithShape(null, false),
                };
            default:
                // to, to_type, float, double, half, clone, detach, contiguous, cpu, cuda, dispose-scope moves.
                return input;
        }
    }

    /// <summary>The tensor methods that cut a tensor into pieces along a dimension, each piece holding the same kind of values.</summary>
    public static bool IsPieces(string name) => TensorSteps.Pieces.Contains(name);

    /// <summary>
    /// One piece, <c>t.chunk(C, -1)[k]</c>, <c>t.split(s, -1)[k]</c>, <c>t.unbind(-1)[k]</c>: along the last dimension the
    /// piece's width is the part's; along another, the width stays.
    /// </summary>
    public static TensorOrigin Piece(IInvocationOperation pieces, TensorOrigin input)
    {
        var method = pieces.TargetMethod.Name;
        var dimensionArgument = OperationFacts.Argument(pieces, method == "unbind" ? "dimension" : "dim");
        var dimension = dimensionArgument is null ? 0 : OperationFacts.ConstantInteger(dimensionArgument.Value);
        var first = OperationFacts.Argument(pieces, 0);
        var count = first?.Parameter?.Type.SpecialType == SpecialType.System_Int64 ? OperationFacts.ConstantInteger(first.Value) : null;
        return (method, dimension) switch
        {
            // Along the batch: the same width in every piece.
            (_, 0) => method == "unbind" ? input.WithShape(null, false) : input,
            ("unbind", -1) => Single(input),
            ("chunk" or "tensor_split", -1) when count is > 0 && input.Width is { } width && width % count == 0 => Sized(input, width / count.Value),
            ("split", -1) when count is > 0 => Sized(input, count.Value),
            _ => input.WithShape(null, false),
        };
    }

    /// <summary>A piece of a known width along the class dimension (not yet squeezed: a width-1 piece is <c>[N, 1]</c>).</summary>
    private static TensorOrigin Sized(TensorOrigin input, long width) => input.WithShape(width, false);

    /// <summary><c>t[.., k]</c> or <c>t[TensorIndex.Colon, k]</c> selects one column; <c>t[a..b]</c> keeps the width.</summary>
    public static TensorOrigin Indexer(IPropertyReferenceOperation indexer, TensorOrigin input, TorchSymbols symbols)
    {
        var indices = indexer.Arguments.Length == 1 && OperationFacts.Elements(indexer.Arguments[0].Value) is { IsDefault: false } elements
            ? elements.Select(e => e.Value).ToImmutableArray()
            : indexer.Arguments.Select(a => a.Value).ToImmutableArray();

        if (indexer.Property.Parameters.Length == 0 || indices.IsEmpty)
        {
            return input.WithShape(null, false);
        }

        var parameterType = indexer.Property.Parameters[0].Type;
        if (parameterType is IArrayTypeSymbol array && symbols.IsTensor(array.ElementType))
        {
            // Boolean masks or index tensors: still the same values, in an unknown shape.
            return input.WithShape(null, false);
        }

        var kinds = indices.Select(i => IndexKind(i, symbols)).ToImmutableArray();
        if (kinds.Length >= 2 && kinds[kinds.Length - 1] == Index.Integer && kinds.Take(kinds.Length - 1).All(k => k is Index.Full or Index.Range))
        {
            return Single(input);
        }

        if (kinds[kinds.Length - 1] == Index.Full || (kinds.Length == 1 && kinds[0] == Index.Range))
        {
            return kinds.All(k => k is Index.Full or Index.Range) ? input : input.WithShape(null, false);
        }

        return input.WithShape(null, false);
    }

    private enum Index
    {
        Other,
        Integer,
        Full,
        Range,
    }

    private static Index IndexKind(IOperation index, TorchSymbols symbols)
    {
        var value = OperationFacts.StripConversions(index);
        if (value?.ConstantValue is { HasValue: true, Value: int or long }
            || value is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat, Operand.ConstantValue: { HasValue: true, Value: int or long } })
        {
            // t[.., 1] or t[.., ^1]: one column.
            return Index.Integer;
        }

        switch (value)
        {
            case IRangeOperation { LeftOperand: null, RightOperand: null }:
                return Index.Full;
            case IRangeOperation:
                return Index.Range;
            case IFieldReferenceOperation { Field.Name: "Colon" or "Ellipsis" } field
                when SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, symbols.TensorIndex):
                return Index.Full;
            case IInvocationOperation { TargetMethod.Name: "Slice" } slice
                when SymbolEqualityComparer.Default.Equals(slice.TargetMethod.ContainingType, symbols.TensorIndex):
                return slice.Arguments.All(a => a.ArgumentKind == ArgumentKind.DefaultValue || a.Value.ConstantValue is { HasValue: true, Value: null })
                    ? Index.Full
                    : Index.Range;
            default:
                return Index.Other;
        }
    }

    private static TensorOrigin Reshape(ImmutableArray<long?> shape, TensorOrigin input)
    {
        if (shape.IsDefaultOrEmpty)
        {
            return input.WithShape(null, false);
        }

        if (shape.Length == 1 && shape[0] == -1)
        {
            return Flatten(input);
        }

        return shape[shape.Length - 1] is { } last && last > 0 ? input.WithShape(last, false) : input.WithShape(null, false);
    }

    private static TensorOrigin Flatten(TensorOrigin input) =>
        input.Width == 1 || input.SingleLabel ? Single(input) : input.WithShape(null, false);

    private static TensorOrigin Single(TensorOrigin input) => input.WithShape(1, true);
}
