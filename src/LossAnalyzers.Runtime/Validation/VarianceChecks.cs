using System;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// GaussianNLLLoss's variance (LOSS023), as PyTorch checks it: floating, on the input's device, shaped like the input,
/// like the input with a last dimension of 1, or like the input without its last dimension (one variance per sample,
/// shared by its features), and never negative. PyTorch reads the variance on every call for the sign check, and so
/// does this one: a negative variance has no log and no Gaussian behind it.
/// </summary>
internal static class VarianceChecks
{
    /// <returns>True when the variance lacks the input's last dimension and must be unsqueezed to broadcast.</returns>
    public static bool Check(Tensor input, Tensor variance)
    {
        if (!variance.is_floating_point())
            throw new LossValidationException(RuleIds.GaussianVariance,
                $"The variance is {variance.dtype}, but GaussianNLLLoss takes a floating-point variance: convert it with " +
                $"variance.to_type(ScalarType.{(input.is_floating_point() ? input.dtype : ScalarType.Float32)}).",
                "variance");

        if (variance.device_type != input.device_type || variance.device_index != input.device_index)
            throw new LossValidationException(RuleIds.GaussianVariance,
                $"The variance is on {TensorText.Device(variance)} but the input is on {TensorText.Device(input)}. Move it with " +
                "variance.to(input.device).",
                "variance");

        var inputShape = Shapes.Of(input);
        var shape = Shapes.Of(variance);
        var unsqueeze = false;
        if (!shape.SequenceEqual(inputShape))
        {
            var leading = inputShape.Take(Math.Max(inputShape.Length - 1, 0)).ToArray();
            unsqueeze = shape.SequenceEqual(leading);
            if (!unsqueeze && !(shape.Length == inputShape.Length && shape.Length > 0 && shape[^1] == 1 && shape.Take(shape.Length - 1).SequenceEqual(leading)))
                throw new LossValidationException(RuleIds.GaussianVariance,
                    $"The variance has shape {TensorText.Shape(shape)}, but for an input of shape {TensorText.Shape(inputShape)} " +
                    $"GaussianNLLLoss takes a variance of shape {TensorText.Shape(inputShape)} (one per element), " +
                    $"{TensorText.Shape(leading.Append(1L).ToArray())} or {TensorText.Shape(leading)} (one per sample, shared by " +
                    "its last dimension), as PyTorch does.",
                    "variance");
        }

        if (NoneNegative(variance)) return unsqueeze;
        throw new LossValidationException(RuleIds.GaussianVariance, NegativeMessage(variance, shape), "variance");
    }

    private static bool NoneNegative(Tensor variance)
    {
        if (variance.device_type == TorchSharp.DeviceType.CPU && variance.is_contiguous())
        {
            switch (variance.dtype)
            {
                case ScalarType.Float32: return NoneNegative(MemoryMarshal.Cast<byte, float>(variance.bytes));
                case ScalarType.Float64: return NoneNegative(MemoryMarshal.Cast<byte, double>(variance.bytes));
            }
        }

        using var scope = NewDisposeScope();
        return !variance.lt(0).any().item<bool>();
    }

    // NaN compares false with 0: like PyTorch's any(var < 0), a NaN variance is not reported as negative.
    private static bool NoneNegative<T>(ReadOnlySpan<T> values) where T : unmanaged, INumber<T>
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<T>.Count)
        {
            var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
            var negative = Vector<T>.Zero;
            foreach (var v in vectors) negative |= Vector.LessThan(v, Vector<T>.Zero);
            // Compared as bits: a float lane's all-ones mask is a NaN, which equals nothing.
            if (!Vector.EqualsAll(Vector.AsVectorUInt64(negative), Vector<ulong>.Zero)) return false;
            k = vectors.Length * Vector<T>.Count;
        }

        for (; k < values.Length; k++)
            if (values[k] < T.Zero) return false;
        return true;
    }

    private static string NegativeMessage(Tensor variance, long[] shape)
    {
        var values = TensorText.Values(variance);
        var first = Array.FindIndex(values, v => v < 0);
        var count = values.Count(v => v < 0);
        return $"The variance is {TensorText.Number(values[first])} at position {TensorText.Index(first, shape)}" +
               (count > 1 ? $" ({count} of its {values.Length} elements are negative)" : "") +
               ". A variance is never negative: GaussianNLLLoss takes log(variance). Make the model's variance output positive, " +
               "for example softplus(raw) or exp(log_variance), rather than using a raw linear output.";
    }
}
