using System;
using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// Multiplies the saved gradient by the upstream gradient in backward. Written on the tensor's memory rather than
/// with <c>mul_</c>: libtorch's in-place ops bump the version counter of the saved tensor, and a second backward
/// (<c>retain_graph</c>) would then refuse to unpack it; the fused function recomputes in that case instead.
/// </summary>
internal static class GradientScaling
{
    /// <summary>
    /// <paramref name="gradient"/> times <paramref name="upstream"/>, in place where <paramref name="upstream"/> is a
    /// scalar or a contiguous tensor of the same dtype and size; otherwise a new tensor from libtorch.
    /// </summary>
    public static Tensor Apply(Tensor gradient, Tensor upstream)
    {
        bool plain = upstream.device_type == DeviceType.CPU && upstream.dtype == gradient.dtype && upstream.is_contiguous();
        if (plain && upstream.numel() == 1)
        {
            if (gradient.dtype == ScalarType.Float64)
            {
                Scale(MemoryMarshal.Cast<byte, double>(gradient.bytes), upstream.item<double>());
            }
            else
            {
                Scale(MemoryMarshal.Cast<byte, float>(gradient.bytes), upstream.item<float>());
            }

            return gradient;
        }

        if (plain && upstream.numel() == gradient.numel())
        {
            if (gradient.dtype == ScalarType.Float64)
            {
                Multiply(MemoryMarshal.Cast<byte, double>(gradient.bytes), MemoryMarshal.Cast<byte, double>(upstream.bytes));
            }
            else
            {
                Multiply(MemoryMarshal.Cast<byte, float>(gradient.bytes), MemoryMarshal.Cast<byte, float>(upstream.bytes));
            }

            return gradient;
        }

        var product = gradient.mul(upstream);
        gradient.Dispose();
        return product;
    }

    /// <summary>Whether <paramref name="upstream"/> is exactly one, the gradient of <c>loss.backward()</c>.</summary>
    public static bool IsOne(Tensor upstream) =>
        upstream.numel() == 1 && upstream.device_type == DeviceType.CPU &&
        (upstream.dtype == ScalarType.Float64 ? upstream.item<double>() == 1.0 : upstream.dtype == ScalarType.Float32 && upstream.item<float>() == 1f);

    private static void Scale<T>(Span<T> values, T factor)
        where T : unmanaged, INumber<T>
    {
        var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
        var f = new Vector<T>(factor);
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] *= f;
        }

        for (int i = vectors.Length * Vector<T>.Count; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }

    private static void Multiply<T>(Span<T> values, ReadOnlySpan<T> factors)
        where T : unmanaged, INumber<T>
    {
        var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
        var fs = MemoryMarshal.Cast<T, Vector<T>>(factors);
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] *= fs[i];
        }

        for (int i = vectors.Length * Vector<T>.Count; i < values.Length; i++)
        {
            values[i] *= factors[i];
        }
    }
}
