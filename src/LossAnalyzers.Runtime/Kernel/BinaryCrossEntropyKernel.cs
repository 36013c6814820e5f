using System;
using LossAnalyzers.Runtime.Kernel;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

/// <summary>
/// The fused binary-cross-entropy-with-logits kernel on spans, outside TorchSharp: one pass that reads logits and
/// targets once and produces the loss and, where a gradient span is given, the gradient in the same pass. It is
/// the kernel the validated loss runs for contiguous CPU float32/float64 tensors.
/// </summary>
/// <remarks>
/// <para>Per element, with pos_weight <c>p</c> and weight <c>w</c>, the numerically stable form
/// <c>w ((1 - y) x + (1 + (p - 1) y) (log1p(exp(-|x|)) + max(-x, 0)))</c>, and its derivative
/// <c>w ((1 + (p - 1) y) sigmoid(x) - p y)</c>; logits of any magnitude are fine and NaN gives NaN.</para>
/// <para>Layout: the spans are the row-major flattening of a <c>[..., C]</c> tensor. <c>posWeight</c> is empty
/// (no pos_weight), one value, or <c>C</c> values applied by column; <c>weight</c> is empty (none) or the values of
/// a weight whose shape is a suffix of the input's (<c>[C]</c>, <c>[T, C]</c>, the full shape), repeated along the
/// leading dimensions. The length must be a multiple of both.</para>
/// <para>Vectorised with AVX-512 where the machine has it, else AVX2 with FMA, else scalar. Inputs of 256K elements
/// or more are split over up to <see cref="MaxDegreeOfParallelism"/> threads in fixed blocks whose sums are added in
/// order, so the result is the same for any thread count. Nothing is allocated per call.</para>
/// </remarks>
public static class BinaryCrossEntropyKernel
{
    /// <summary>
    /// The most threads one call uses; 0 (the default) means <see cref="Environment.ProcessorCount"/> for the span
    /// methods and <c>torch.get_num_threads()</c> for tensors. The result does not depend on it.
    /// </summary>
    public static int MaxDegreeOfParallelism
    {
        get => KernelSettings.ThreadCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            KernelSettings.ThreadCount = value;
        }
    }

    /// <summary>The reduced loss and, where <paramref name="gradient"/> is not empty, its gradient with respect to the logits.</summary>
    /// <param name="logits">The input, row-major <c>[..., C]</c>.</param>
    /// <param name="targets">Targets in [0, 1], hard or soft, as long as <paramref name="logits"/>.</param>
    /// <param name="posWeight">Empty, one value, or <c>C</c> values (by last-dimension column).</param>
    /// <param name="gradient">Empty for the loss alone, or as long as <paramref name="logits"/>: receives the gradient of the returned loss.</param>
    /// <param name="reduction"><see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/>; for <see cref="Reduction.None"/> use <see cref="ForwardUnreduced(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>.</param>
    /// <returns>The mean or sum of the losses, summed in double.</returns>
    public static double Forward(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, ReadOnlySpan<float> posWeight, Span<float> gradient, Reduction reduction) =>
        Reduced(logits, targets, default, posWeight, gradient, reduction);

    /// <inheritdoc cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Reduction)"/>
    public static double Forward(ReadOnlySpan<double> logits, ReadOnlySpan<double> targets, ReadOnlySpan<double> posWeight, Span<double> gradient, Reduction reduction) =>
        Reduced(logits, targets, default, posWeight, gradient, reduction);

    /// <summary>The reduced, element-weighted loss and, where <paramref name="gradient"/> is not empty, its gradient.</summary>
    /// <param name="logits">The input, row-major <c>[..., C]</c>.</param>
    /// <param name="targets">Targets in [0, 1], as long as <paramref name="logits"/>.</param>
    /// <param name="weight">Empty, or a weight whose shape is a suffix of the input's, flattened; its length divides the input's.</param>
    /// <param name="posWeight">Empty, one value, or <c>C</c> values.</param>
    /// <param name="gradient">Empty, or as long as <paramref name="logits"/>.</param>
    /// <param name="reduction"><see cref="Reduction.Mean"/> (over the elements, as torch does) or <see cref="Reduction.Sum"/>.</param>
    /// <returns>The mean or sum of the weighted losses.</returns>
    public static double Forward(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, ReadOnlySpan<float> weight, ReadOnlySpan<float> posWeight, Span<float> gradient, Reduction reduction) =>
        Reduced(logits, targets, weight, posWeight, gradient, reduction);

    /// <inheritdoc cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Reduction)"/>
    public static double Forward(ReadOnlySpan<double> logits, ReadOnlySpan<double> targets, ReadOnlySpan<double> weight, ReadOnlySpan<double> posWeight, Span<double> gradient, Reduction reduction) =>
        Reduced(logits, targets, weight, posWeight, gradient, reduction);

    /// <summary>
    /// <see cref="Reduction.None"/>: each element's loss into <paramref name="losses"/> and, where
    /// <paramref name="gradient"/> is not empty, each loss's derivative with respect to its own logit (the gradient
    /// of the sum of the losses; multiply by the upstream gradient for any other).
    /// </summary>
    /// <param name="logits">The input, row-major <c>[..., C]</c>.</param>
    /// <param name="targets">Targets in [0, 1], as long as <paramref name="logits"/>.</param>
    /// <param name="posWeight">Empty, one value, or <c>C</c> values.</param>
    /// <param name="losses">As long as <paramref name="logits"/>.</param>
    /// <param name="gradient">Empty, or as long as <paramref name="logits"/>.</param>
    public static void ForwardUnreduced(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, ReadOnlySpan<float> posWeight, Span<float> losses, Span<float> gradient) =>
        Unreduced(logits, targets, default, posWeight, losses, gradient);

    /// <inheritdoc cref="ForwardUnreduced(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
    public static void ForwardUnreduced(ReadOnlySpan<double> logits, ReadOnlySpan<double> targets, ReadOnlySpan<double> posWeight, Span<double> losses, Span<double> gradient) =>
        Unreduced(logits, targets, default, posWeight, losses, gradient);

    /// <summary><see cref="Reduction.None"/> with element weights: each weighted loss and its derivative.</summary>
    /// <param name="logits">The input, row-major <c>[..., C]</c>.</param>
    /// <param name="targets">Targets in [0, 1], as long as <paramref name="logits"/>.</param>
    /// <param name="weight">Empty, or a weight whose shape is a suffix of the input's, flattened.</param>
    /// <param name="posWeight">Empty, one value, or <c>C</c> values.</param>
    /// <param name="losses">As long as <paramref name="logits"/>.</param>
    /// <param name="gradient">Empty, or as long as <paramref name="logits"/>.</param>
    public static void ForwardUnreduced(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, ReadOnlySpan<float> weight, ReadOnlySpan<float> posWeight, Span<float> losses, Span<float> gradient) =>
        Unreduced(logits, targets, weight, posWeight, losses, gradient);

    /// <inheritdoc cref="ForwardUnreduced(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
    public static void ForwardUnreduced(ReadOnlySpan<double> logits, ReadOnlySpan<double> targets, ReadOnlySpan<double> weight, ReadOnlySpan<double> posWeight, Span<double> losses, Span<double> gradient) =>
        Unreduced(logits, targets, weight, posWeight, losses, gradient);

    /// <summary>Threads for the span methods.</summary>
    internal static int SpanThreads => KernelSettings.ThreadCount > 0 ? KernelSettings.ThreadCount : Environment.ProcessorCount;

    private static double Reduced<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> targets, ReadOnlySpan<T> weight, ReadOnlySpan<T> posWeight, Span<T> gradient, Reduction reduction)
        where T : unmanaged
    {
        if (reduction is not (Reduction.Mean or Reduction.Sum))
        {
            throw new ArgumentException(
                $"Forward reduces the losses ({nameof(Reduction.Mean)} or {nameof(Reduction.Sum)}); for {nameof(Reduction.None)} call {nameof(ForwardUnreduced)}, which writes each element's loss.",
                nameof(reduction));
        }

        CheckShapes(logits, targets, weight, posWeight, gradient, nameof(gradient));
        if (logits.IsEmpty)
        {
            return reduction == Reduction.Mean ? double.NaN : 0.0;   // as torch: the mean of nothing is NaN
        }

        bool mean = reduction == Reduction.Mean;
        double scale = mean ? 1.0 / logits.Length : 1.0;
        double sum = FusedPass.Run(logits, targets, posWeight, weight, gradient, default, KernelScalars.FromDouble<T>(scale), SpanThreads);
        return mean ? sum / logits.Length : sum;
    }

    private static void Unreduced<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> targets, ReadOnlySpan<T> weight, ReadOnlySpan<T> posWeight, Span<T> losses, Span<T> gradient)
        where T : unmanaged
    {
        CheckShapes(logits, targets, weight, posWeight, gradient, nameof(gradient));
        if (losses.Length != logits.Length)
        {
            throw new ArgumentException($"losses has {losses.Length} elements; it receives one loss per logit, {logits.Length}.", nameof(losses));
        }

        FusedPass.Run(logits, targets, posWeight, weight, gradient, losses, KernelScalars.FromDouble<T>(1.0), SpanThreads);
    }

    private static void CheckShapes<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> targets, ReadOnlySpan<T> weight, ReadOnlySpan<T> posWeight, Span<T> gradient, string gradientName)
    {
        if (targets.Length != logits.Length)
        {
            throw new ArgumentException($"targets has {targets.Length} elements and logits {logits.Length}; they must match element for element.", nameof(targets));
        }

        if (!gradient.IsEmpty && gradient.Length != logits.Length)
        {
            throw new ArgumentException($"{gradientName} has {gradient.Length} elements; pass an empty span for the loss alone, or one of {logits.Length} elements.", gradientName);
        }

        if (!posWeight.IsEmpty && logits.Length % posWeight.Length != 0)
        {
            throw new ArgumentException(
                $"posWeight has {posWeight.Length} elements, which is not one per column of logits ({logits.Length} elements): use one value for single-label binary, or C values for [N, C] multi-label logits.",
                nameof(posWeight));
        }

        if (!weight.IsEmpty && logits.Length % weight.Length != 0)
        {
            throw new ArgumentException(
                $"weight has {weight.Length} elements, which does not divide the {logits.Length} logits: it must be a trailing part of the input's shape ([C], [T, C], ...) or the full shape.",
                nameof(weight));
        }
    }
}
