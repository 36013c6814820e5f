using System;
using System.Collections.Immutable;

namespace LossAnalyzers.Catalog;

/// <summary>
/// TorchSharp's tensor functions as the analyses see them: the activations that make probabilities, the steps that keep
/// what a tensor holds (its shape may change), and the functions that cut a tensor into pieces of the same kind.
/// </summary>
internal static class TensorSteps
{
    /// <summary>Sigmoid probabilities: <c>torch.sigmoid</c>, <c>x.sigmoid()</c>, the in-place form, <c>special.expit</c>.</summary>
    public static readonly ImmutableHashSet<string> Sigmoid = ImmutableHashSet.Create(StringComparer.Ordinal, "sigmoid", "sigmoid_", "expit");

    public const string Softmax = "softmax";

    public const string LogSoftmax = "log_softmax";

    /// <summary>Functions that join tensors along a dimension (a hand-built <c>[p, 1 - p]</c>).</summary>
    public static readonly ImmutableHashSet<string> Joins = ImmutableHashSet.Create(StringComparer.Ordinal, "cat", "concat", "concatenate", "stack", "hstack", "column_stack");

    /// <summary>Shape and dtype steps that keep what a tensor holds; how each changes the class dimension is <c>ShapeSteps</c>'.</summary>
    public static readonly ImmutableHashSet<string> PassThrough = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "view", "reshape", "squeeze", "unsqueeze", "flatten",
        "to", "to_type", "float", "double", "half", "clone", "detach", "contiguous", "cpu", "cuda",
        "select", "narrow",
        // Dispose-scope bookkeeping returns the same tensor.
        "MoveToOuterDisposeScope", "MoveToOtherDisposeScope", "DetachFromDisposeScope");

    /// <summary>Functions that cut a tensor into pieces along a dimension, each piece holding the same kind of values.</summary>
    public static readonly ImmutableHashSet<string> Pieces = ImmutableHashSet.Create(StringComparer.Ordinal, "chunk", "split", "tensor_split", "unbind");

    /// <summary>
    /// Functions whose result carries no gradient to their tensor operands: new tensors shaped like one, indices,
    /// comparisons and tests. A value made by them is data, however trained the tensor it was shaped after.
    /// </summary>
    public static readonly ImmutableHashSet<string> NoGradient = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "ones_like", "zeros_like", "full_like", "empty_like", "rand_like", "randn_like", "randint_like",
        "new_ones", "new_zeros", "new_full", "new_empty", "new_tensor",
        "argmax", "argmin", "argsort", "eq", "ne", "gt", "lt", "ge", "le", "greater", "less", "greater_equal", "less_equal",
        "equal", "not_equal", "isnan", "isinf", "isfinite", "isclose", "logical_and", "logical_or", "logical_not", "logical_xor");
}
