using System;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// The target of a ±1 loss (LOSS020): labels -1 and 1 only. 0/1 labels, the other convention, give a loss without any
/// error in which the 0-labelled elements are constant (no gradient) or, for HingeEmbeddingLoss, pulled the wrong way.
/// Reading the labels costs one pass over them: always made on the CPU up to <see cref="AlwaysCheckedElements"/>, and
/// beyond that or on other devices only with <see cref="ValidatedLoss.CheckValues"/>. A Bool target cannot hold -1, so
/// it is refused without reading it.
/// </summary>
internal static class SignLabelChecks
{
    /// <summary>The largest CPU target read on every call without <see cref="ValidatedLoss.CheckValues"/>.</summary>
    public const long AlwaysCheckedElements = 1_000_000;

    /// <param name="loss">The loss's name for the message.</param>
    /// <param name="target">The labels.</param>
    /// <param name="zeroEffect">What a 0 label does in this loss, for the message.</param>
    public static void Check(string loss, Tensor target, string zeroEffect)
    {
        if (target.dtype != ScalarType.Bool)
        {
            var read = ValidatedLoss.CheckValues
                       || (target.device_type == TorchSharp.DeviceType.CPU && target.numel() <= AlwaysCheckedElements);
            if (!read || AllSigns(target)) return;
        }

        throw new LossValidationException(RuleIds.SignLabels, Message(loss, target, zeroEffect), "target");
    }

    private static bool AllSigns(Tensor target)
    {
        if (target.device_type == TorchSharp.DeviceType.CPU && target.is_contiguous())
        {
            switch (target.dtype)
            {
                case ScalarType.Float32: return AllSigns(MemoryMarshal.Cast<byte, float>(target.bytes));
                case ScalarType.Float64: return AllSigns(MemoryMarshal.Cast<byte, double>(target.bytes));
                case ScalarType.Int64: return AllSigns(MemoryMarshal.Cast<byte, long>(target.bytes));
                case ScalarType.Int32: return AllSigns(MemoryMarshal.Cast<byte, int>(target.bytes));
            }
        }

        // Other layouts, dtypes and devices: one comparison per element and a single read of the answer.
        using var scope = NewDisposeScope();
        return target.abs().eq(1).all().item<bool>();
    }

    // |y| == 1 for every element, a vector at a time; NaN fails the comparison.
    private static bool AllSigns<T>(ReadOnlySpan<T> values) where T : unmanaged, INumber<T>
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<T>.Count)
        {
            var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
            var wrong = Vector<T>.Zero;
            foreach (var v in vectors) wrong |= Vector.OnesComplement(Vector.Equals(Vector.Abs(v), Vector<T>.One));
            // Compared as bits: a float lane's all-ones mask is a NaN, which equals nothing.
            if (!Vector.EqualsAll(Vector.AsVectorUInt64(wrong), Vector<ulong>.Zero)) return false;
            k = vectors.Length * Vector<T>.Count;
        }

        for (; k < values.Length; k++)
            if (T.Abs(values[k]) != T.One) return false;
        return true;
    }

    // Error path only: the labels are copied to the CPU to count and place the wrong ones.
    private static string Message(string loss, Tensor target, string zeroEffect)
    {
        var shape = Shapes.Of(target);
        var values = TensorText.Values(target);
        long zeros = 0, others = 0, firstZero = -1, firstOther = -1;
        for (var k = 0; k < values.Length; k++)
        {
            if (values[k] == 0)
            {
                if (zeros++ == 0) firstZero = k;
            }
            else if (Math.Abs(values[k]) != 1)
            {
                if (others++ == 0) firstOther = k;
            }
        }

        var floating = target.is_floating_point();
        var fix = floating ? "2 * y - 1 (target * 2 - 1)" : "2 * y - 1 (target.to_type(ScalarType.Float32) * 2 - 1)";
        var text = $"{loss} takes labels -1 and 1, but the target";
        if (target.dtype == ScalarType.Bool)
            text += $" is Bool (true and false, read as 1 and 0), which cannot hold -1; it holds false in {Count(zeros)} of its {Count(values.Length)} elements.";
        else if (zeros > 0)
            text += $" holds 0 in {Count(zeros)} of its {Count(values.Length)} elements (the first at position {TensorText.Index(firstZero, shape)}).";
        else
            text += $" holds {TensorText.Number(values[firstOther])} at position {TensorText.Index(firstOther, shape)}.";

        if (others > 0)
            text += $" {(others == 1 ? "1 element is" : Count(others) + " elements are")} neither -1, 0 nor 1" +
                    (zeros > 0 ? $" (the first, {TensorText.Number(values[firstOther])}, at position {TensorText.Index(firstOther, shape)})." : ".");

        if (zeros > 0)
            text += $" With 0/1 labels {zeroEffect}, and no error says so. Convert 0/1 labels to -1/1 with {fix}.";
        else
            text += $" Map the two kinds of pair to -1 and 1 (for 0/1 labels: {fix}).";
        return text;
    }

    private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);
}
