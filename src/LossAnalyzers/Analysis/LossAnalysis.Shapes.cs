using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

internal sealed partial class LossAnalysis
{
    /// <summary>Names of the tensor functions whose result has their (first) operand's shape.</summary>
    private static readonly ImmutableHashSet<string> ShapeKeeping = ImmutableHashSet.Create(
        System.StringComparer.Ordinal,
        "sigmoid", "sigmoid_", "relu", "exp", "log", "abs", "neg", "tanh", "sqrt", "square", "clamp", "clamp_min", "clamp_max",
        "softmax", "log_softmax", "to", "to_type", "float", "double", "half", "detach", "clone", "contiguous", "cpu", "cuda",
        "MoveToOuterDisposeScope", "MoveToOtherDisposeScope", "DetachFromDisposeScope");

    /// <summary>Reductions over one dimension that drop it (without <c>keepdim</c>).</summary>
    private static readonly ImmutableHashSet<string> DimensionReductions = ImmutableHashSet.Create(
        System.StringComparer.Ordinal, "sum", "mean", "prod", "amax", "amin", "logsumexp", "std", "var");

    /// <summary>
    /// The shape of a tensor value as far as the code shows it: one-output heads, <c>squeeze</c>, <c>unsqueeze</c>,
    /// <c>view</c>/<c>reshape</c>, <c>flatten</c>, <c>gather</c>, <c>max(dim).values</c>, reductions over a dimension,
    /// array data, sized factories, shape-keeping steps, and the broadcast of an arithmetic of two tensors.
    /// </summary>
    public TensorShape ShapeOf(IOperation tensor) => shapes.Get(tensor, state => Shape(tensor, state));

    private TensorShape Shape(IOperation tensor, TraceState state)
    {
        var found = Flow.Sources.Answers(tensor, state, leaf => LeafShape(leaf, state), TensorShape.Unknown);
        if (found.IsDefaultOrEmpty)
        {
            return TensorShape.Unknown;
        }

        var first = found[0];
        return found.All(s => s.SameAs(first)) ? first : TensorShape.Unknown;
    }

    private TensorShape LeafShape(IOperation leaf, TraceState state) => leaf switch
    {
        IInvocationOperation invocation => InvocationShape(invocation, state),
        IBinaryOperation { OperatorMethod: { } method } arithmetic when Symbols.IsTensor(method.ContainingType)
                                                                     && arithmetic.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract
                                                                         or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide =>
            Broadcast(arithmetic, state),
        IFieldReferenceOperation { Field.ContainingType.IsTupleType: true, Instance: { } pair } => ReducedPairShape(pair, state),
        _ => TensorShape.Unknown,
    };

    private TensorShape InvocationShape(IInvocationOperation invocation, TraceState state)
    {
        var method = invocation.TargetMethod;
        if (Modules.CallInput(invocation) is { } input)
        {
            // A head of known width keeps the input's dimensions (a batch when they are not visible); a one-output head ends in 1.
            var origin = OriginOf(invocation);
            var inputRank = Shape(input.Value, state);
            return origin.Width is { } width && !origin.SingleLabel
                ? new TensorShape(inputRank.Rank ?? 2, trailingOne: width == 1, outer: false, invocation.Syntax, rankShown: inputRank.RankShown)
                : TensorShape.Unknown;
        }

        if (!Symbols.IsTensorFunctionHost(method.ContainingType))
        {
            return TensorShape.Unknown;
        }

        if (!method.IsStatic && invocation.Instance is { } receiver)
        {
            return ReceiverStep(invocation, receiver, state);
        }

        var first = OperationFacts.Argument(invocation, 0)?.Value;
        switch (method.Name)
        {
            case var name when ShapeKeeping.Contains(name) && first is not null:
                return Shape(first, state);
            case "tensor" or "as_tensor" or "from_array" when first is not null:
                return DataShape(invocation, first);
            case "zeros" or "ones" or "rand" or "randn" or "empty" or "full":
                return SizedShape(invocation, LeadingSizes(invocation));
            default:
                return TensorShape.Unknown;
        }
    }

    private TensorShape ReceiverStep(IInvocationOperation step, IOperation receiver, TraceState state)
    {
        var name = step.TargetMethod.Name;
        if (ShapeKeeping.Contains(name))
        {
            return Shape(receiver, state);
        }

        var before = name is "squeeze" or "unsqueeze" or "sum" or "mean" or "prod" or "amax" or "amin" or "logsumexp" or "std" or "var" or "transpose" or "swapaxes" or "swapdims" or "gather"
            ? Shape(receiver, state)
            : TensorShape.Unknown;
        var dimension = OperationFacts.Argument(step, 0) is { ArgumentKind: not ArgumentKind.DefaultValue } argument
            ? OperationFacts.ConstantInteger(argument.Value)
            : null;
        switch (name)
        {
            case "squeeze" when dimension is null && OperationFacts.Argument(step, 0) is null or { ArgumentKind: ArgumentKind.DefaultValue }:
                // squeeze() drops every dimension of size 1: an [N, 1] column becomes [N].
                return before.IsColumn && before.Rank == 2 ? before.Derived(1, false, step.Syntax) : TensorShape.Unknown;
            case "squeeze" when before.TrailingOne && before.Rank is { } rank && (dimension == -1 || dimension == rank - 1):
                return before.Derived(rank - 1, false, step.Syntax);
            case "unsqueeze" when dimension == -1:
                return before.Derived(before.Rank + 1, trailingOne: true, step.Syntax);
            case "unsqueeze" when before.Rank is { } rank && dimension is { } at:
                return before.Derived(rank + 1, trailingOne: at == rank || (at == 0 && before.TrailingOne), step.Syntax);
            case "transpose" or "swapaxes" or "swapdims":
                // The rank stays; which dimension ends the shape is not followed.
                return before.Rank is { } kept ? before.Derived(kept, false, step.Syntax) : TensorShape.Unknown;
            case "permute" when OperationFacts.ConstantIntegers(OperationFacts.Argument(step, 0)) is { IsDefaultOrEmpty: false } order && order.All(d => d is not null):
                return new TensorShape(order.Length, false, false, step.Syntax);
            case "view" or "reshape":
                return SizedShape(step, OperationFacts.Argument(step, 0));
            case "flatten" when step.Arguments.All(a => a.ArgumentKind == ArgumentKind.DefaultValue):
                return new TensorShape(1, false, false, step.Syntax);
            case "gather" when OperationFacts.Argument(step, "index") is { } index:
                var indexShape = Shape(index.Value, state);
                return indexShape.IsKnown || indexShape.TrailingOne ? indexShape.WithCause(step.Syntax) : GatheredColumn(before, index.Value, state, step.Syntax);
            case var _ when DimensionReductions.Contains(name) && before.Rank is { } rank && DropsAFeatureDimension(dimension, rank)
                            && !step.Arguments.Any(a => a.Parameter?.Name == "keepdim" && a.ArgumentKind != ArgumentKind.DefaultValue):
                return before.Derived(rank - 1, false, step.Syntax);
            default:
                return TensorShape.Unknown;
        }
    }

    /// <summary>
    /// <c>q.gather(1, actions.unsqueeze(1))</c> where the actions' rank is not visible: gather takes an index of the
    /// input's rank, so one unsqueezed at the input's last dimension makes a column of the input's rank.
    /// </summary>
    private TensorShape GatheredColumn(TensorShape input, IOperation index, TraceState state, SyntaxNode cause)
    {
        if (input.Rank is not { } rank || rank < 2)
        {
            return TensorShape.Unknown;
        }

        var inserted = Flow.Sources.Answers(
            index,
            state,
            leaf => new Optional<long?>(leaf is IInvocationOperation { TargetMethod.Name: "unsqueeze" } unsqueeze && Symbols.IsTensorFunctionHost(unsqueeze.TargetMethod.ContainingType)
                ? OperationFacts.ConstantInteger(OperationFacts.Argument(unsqueeze, unsqueeze.Instance is null ? 1 : 0)?.Value)
                : null),
            null);
        return !inserted.IsDefaultOrEmpty && inserted.All(d => d == rank - 1 || d == -1)
            ? new TensorShape(rank, trailingOne: true, outer: false, cause)
            : TensorShape.Unknown;
    }

    /// <summary><c>t.max(1).values</c>, <c>t.min(1).values</c>: the receiver without that dimension (no <c>keepdim</c>).</summary>
    private TensorShape ReducedPairShape(IOperation pair, TraceState state)
    {
        var reductions = Flow.Sources.Answers(
            pair,
            state,
            leaf => leaf is IInvocationOperation { TargetMethod.Name: "max" or "min", Instance: { } receiver, Arguments.Length: >= 1 } reduction
                    && Symbols.IsTensor(reduction.TargetMethod.ContainingType)
                    && !reduction.Arguments.Any(a => a.Parameter?.Name == "keepdim" && a.ArgumentKind != ArgumentKind.DefaultValue)
                    && Shape(receiver, state).Rank is { } rank
                    && DropsAFeatureDimension(OperationFacts.ConstantInteger(reduction.Arguments[0].Value), rank)
                ? new TensorShape(rank - 1, false, false, leaf.Syntax)
                : TensorShape.Unknown,
            TensorShape.Unknown);
        return !reductions.IsDefaultOrEmpty && reductions.All(r => r.IsKnown && r.SameAs(reductions[0])) ? reductions[0] : TensorShape.Unknown;
    }

    /// <summary>
    /// A reduction over a dimension after the batch keeps the batch: <c>[N, C].sum(1)</c> is <c>[N]</c>. Over the batch
    /// (<c>sum(0)</c>) the result's length is not the batch's, so its shape says nothing about a broadcast.
    /// </summary>
    private static bool DropsAFeatureDimension(long? dimension, int rank) =>
        rank >= 2 && dimension is { } at && at != 0 && at != -rank && at < rank && at >= -rank;

    /// <summary><c>torch.tensor(new float[] {...})</c> is <c>[N]</c>; with explicit dimensions, as many as are written.</summary>
    private static TensorShape DataShape(IInvocationOperation creation, IOperation data)
    {
        if (creation.Arguments.FirstOrDefault(a => a.Parameter?.Name is "dimensions" or "shape" && a.ArgumentKind != ArgumentKind.DefaultValue) is { } dimensions)
        {
            return SizedShape(creation, dimensions);
        }

        // One element broadcasts as a scalar does: comparing a column with it is intended.
        var stripped = OperationFacts.StripConversions(data);
        var elements = OperationFacts.Elements(stripped);
        return stripped?.Type is IArrayTypeSymbol { Rank: 1 } && (elements.IsDefault || elements.Length > 1)
            ? new TensorShape(1, false, false, creation.Syntax)
            : TensorShape.Unknown;
    }

    /// <summary>
    /// The size arguments of a factory: its one <c>long[]</c> (or <c>params</c>) argument, or its leading integer ones
    /// (<c>zeros(long rows, long columns, ...)</c>) as one list.
    /// </summary>
    private static ImmutableArray<IOperation?> LeadingSizes(IInvocationOperation factory)
    {
        var first = OperationFacts.Argument(factory, 0);
        if (first?.Value.Type is IArrayTypeSymbol || first?.ArgumentKind == ArgumentKind.ParamArray)
        {
            var elements = OperationFacts.Elements(first.Value);
            return elements.IsDefault ? default : elements.Select(e => (IOperation?)e.Value).ToImmutableArray();
        }

        return factory.Arguments
            .Where(a => a.ArgumentKind != ArgumentKind.DefaultValue)
            .OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue)
            .TakeWhile(a => a.Parameter?.Type.SpecialType is SpecialType.System_Int64 or SpecialType.System_Int32)
            .Select(a => (IOperation?)a.Value)
            .ToImmutableArray();
    }

    private static TensorShape SizedShape(IInvocationOperation call, ImmutableArray<IOperation?> sizes) =>
        sizes.IsDefaultOrEmpty || (sizes.Length == 1 && OperationFacts.ConstantInteger(sizes[0]) == 1)
            ? TensorShape.Unknown
            : new TensorShape(sizes.Length, sizes.Length >= 2 && OperationFacts.ConstantInteger(sizes[sizes.Length - 1]) == 1, false, call.Syntax);

    /// <summary>A shape written as constant sizes (<c>view(-1, 1)</c>, <c>new long[] { n }</c>).</summary>
    private static TensorShape SizedShape(IInvocationOperation call, IArgumentOperation? sizes)
    {
        if (sizes is null || (OperationFacts.StripConversions(sizes.Value)?.Type is IArrayTypeSymbol && OperationFacts.Elements(sizes.Value).IsDefault))
        {
            // An array of sizes built elsewhere: how many there are is not visible.
            return TensorShape.Unknown;
        }

        var dimensions = OperationFacts.ConstantIntegers(sizes);
        return dimensions.IsDefaultOrEmpty || (dimensions.Length == 1 && dimensions[0] == 1)
            ? TensorShape.Unknown
            : new TensorShape(dimensions.Length, dimensions.Length >= 2 && dimensions[dimensions.Length - 1] == 1, false, call.Syntax);
    }

    /// <summary>The shape of <c>a + b</c>: a scalar keeps the tensor's; equal shapes stay; <c>[N, 1]</c> with <c>[N]</c> is <c>[N, N]</c>.</summary>
    private TensorShape Broadcast(IBinaryOperation arithmetic, TraceState state)
    {
        var left = OperationFacts.StripConversions(arithmetic.LeftOperand)!;
        var right = OperationFacts.StripConversions(arithmetic.RightOperand)!;
        if (!Symbols.IsTensor(left.Type))
        {
            return Shape(right, state);
        }

        if (!Symbols.IsTensor(right.Type))
        {
            return Shape(left, state);
        }

        var a = Shape(left, state);
        var b = Shape(right, state);
        if (a.IsKnown && a.SameAs(b))
        {
            return a;
        }

        return (a.IsColumn && a.Rank == 2 && b.IsVector) || (b.IsColumn && b.Rank == 2 && a.IsVector)
            ? new TensorShape(2, false, outer: true, arithmetic.Syntax)
            : TensorShape.Unknown;
    }
}
