using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// CTCLoss (LOSS021): log_probs [T, N, C] (or [T, C] for one sequence), lengths that fit it, and, with
/// <see cref="ValidatedLoss.CheckValues"/>, rows that are log-probabilities over the classes. On raw scores or softmax
/// outputs libtorch returns a finite, even negative, loss without any error; a target longer than its input makes the
/// loss infinite. The lengths are always read: libtorch copies them to the CPU on every call anyway.
/// </summary>
internal static class CtcChecks
{
    /// <summary>How far a row's logsumexp may be from 0 and still count as log-probabilities.</summary>
    public const double LogSumExpTolerance = 1e-3;

    public static void Check(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, long blank)
    {
        var shape = Shapes.Of(logProbs);
        if (!logProbs.is_floating_point() || shape.Length is not (2 or 3))
            Fail($"CTCLoss takes floating-point log_probs of shape [T, N, C] (time, batch, classes), or [T, C] for one sequence, " +
                 $"but log_probs is {logProbs.dtype} of shape {TensorText.Shape(shape)}.", "log_probs");

        var batched = shape.Length == 3;
        var batch = batched ? shape[1] : 1;
        var classes = shape[^1];
        if (blank < 0 || blank >= classes)
            Fail($"blank is {blank}, but log_probs has C = {classes} classes (its last dimension), so blank must be 0 to {classes - 1}.", "blank");

        foreach (var (lengths, name) in new[] { (inputLengths, "input_lengths"), (targetLengths, "target_lengths") })
        {
            if (lengths.is_floating_point() || lengths.dtype == ScalarType.Bool)
                Fail($"{name} is {lengths.dtype}, but CTCLoss takes integer lengths: convert it with {name}.to_type(ScalarType.Int64).", name);
            if (lengths.numel() != batch)
                Fail(LengthCountMessage(name, lengths, shape, batch), name);
        }

        var targetShape = Shapes.Of(targets);
        if (targets.is_floating_point() || targets.dtype == ScalarType.Bool || targetShape.Length is not (1 or 2) || (batched && targetShape.Length == 2 && targetShape[0] != batch))
            Fail($"CTCLoss takes integer targets [N, S] (padded, one row per sequence) or [sum(target_lengths)] (concatenated), " +
                 $"but targets is {targets.dtype} of shape {TensorText.Shape(targetShape)} against log_probs {TensorText.Shape(shape)} (N = {batch}).",
                 "targets");

        var inputs = Read(inputLengths);
        var labels = Read(targetLengths);
        CheckLengths(shape, inputs, labels, targetShape, batched);

        if (ValidatedLoss.CheckValues || targets.device_type == TorchSharp.DeviceType.CPU)
            CheckLabels(targets, targetShape, labels, batched, classes, blank);
        if (ValidatedLoss.CheckValues)
            CheckLogProbabilities(logProbs, shape);
    }

    private static void CheckLengths(long[] shape, long[] inputs, long[] labels, long[] targetShape, bool batched)
    {
        var time = shape[0];
        var padded = !batched || targetShape.Length == 2;
        for (var b = 0; b < inputs.Length; b++)
        {
            if (inputs[b] < 0 || inputs[b] > time)
                Fail($"input_lengths[{b}] is {inputs[b]}, but log_probs {TensorText.Shape(shape)} has T = {time} time steps (its first " +
                     "dimension): each input length must be 0 to T." +
                     (batched && inputs[b] <= shape[1] ? " If log_probs is batch-first [N, T, C], CTCLoss wants [T, N, C]: pass log_probs.permute(1, 0, 2)." : ""),
                     "input_lengths");
            if (labels[b] < 0 || (padded && labels[b] > targetShape[^1]))
                Fail($"target_lengths[{b}] is {labels[b]}, but the padded targets {TensorText.Shape(targetShape)} hold at most {targetShape[^1]} labels per sequence.",
                     "target_lengths");
            if (labels[b] > inputs[b])
                Fail($"Sequence {b} has a target of {labels[b]} labels but an input of {inputs[b]} time steps (target_lengths[{b}] > " +
                     $"input_lengths[{b}]). CTC emits at most one label per time step, so no alignment exists: the loss is infinite, or 0 " +
                     "with zero_infinity: true, which silently drops the sequence. Give the model more time steps (less downsampling), or " +
                     "check that the two length tensors are not swapped.",
                     "target_lengths");
        }

        if (!padded && labels.Sum() > targetShape[0])
            Fail($"The concatenated targets {TensorText.Shape(targetShape)} hold {targetShape[0]} labels, but target_lengths add up to {labels.Sum()}.",
                 "target_lengths");
    }

    // Only the labels inside each target's length are read: padding beyond it may hold anything.
    private static void CheckLabels(Tensor targets, long[] targetShape, long[] lengths, bool batched, long classes, long blank)
    {
        var values = Read(targets);
        var padded = !batched || targetShape.Length == 2;
        var stride = padded ? targetShape[^1] : 0;
        long start = 0;
        for (var b = 0; b < lengths.Length; b++)
        {
            var first = padded ? b * stride : start;
            for (var s = 0L; s < lengths[b]; s++)
            {
                var label = values[first + s];
                if (label >= 0 && label < classes && label != blank) continue;
                var where = padded && batched ? $"targets[{b}, {s}]" : $"targets[{first + s}] (sequence {b}, label {s})";
                Fail(label == blank
                        ? $"{where} is the blank label {blank}. Targets hold the real labels only; CTC inserts blanks itself. Number the " +
                          $"real labels so that none is {blank} (with blank: 0, labels 1 to {classes - 1})."
                        : $"{where} is {label}, but log_probs has C = {classes} classes, so labels must be 0 to {classes - 1} (and not the blank, {blank}).",
                     "targets");
            }

            start += lengths[b];
        }
    }

    private static void CheckLogProbabilities(Tensor logProbs, long[] shape)
    {
        using var scope = NewDisposeScope();
        var sums = logProbs.detach().logsumexp(-1);
        var worst = sums.abs().max().to_type(ScalarType.Float64).item<double>();
        if (!(worst > LogSumExpTolerance)) return;

        var flat = TensorText.Values(sums);
        var k = Array.FindIndex(flat, v => !(Math.Abs(v) <= LogSumExpTolerance) && !double.IsNaN(v));
        var at = shape.Length == 3 ? $"time step {k / shape[1]} of sequence {k % shape[1]}" : $"time step {k}";
        Fail($"The rows of log_probs are not log-probabilities over the classes (the last dimension): the row at {at} has a logsumexp " +
             $"of {TensorText.Number(flat[k])}, where log-probabilities give 0 (within {LogSumExpTolerance}). CTCLoss reads log_probs as " +
             $"log-probabilities and returns a wrong, even negative, loss on anything else without an error. {Diagnosis(logProbs, shape)}",
             "log_probs");
    }

    private static string Diagnosis(Tensor logProbs, long[] shape)
    {
        var low = logProbs.min().to_type(ScalarType.Float64).item<double>();
        var high = logProbs.max().to_type(ScalarType.Float64).item<double>();
        if (low >= 0 && high <= 1)
            return "The values lie in [0, 1] like softmax probabilities: use log_softmax(scores, -1) instead of softmax.";
        for (var d = 0; d < shape.Length - 1; d++)
        {
            var other = logProbs.logsumexp(d).abs().max().to_type(ScalarType.Float64).item<double>();
            if (other <= LogSumExpTolerance)
                return $"They are log-probabilities over dimension {d} ({(d == 0 ? "time" : "batch")}) instead: apply log_softmax over the classes, log_softmax(scores, -1).";
        }

        return "They look like raw scores (logits): pass log_softmax(scores, -1).";
    }

    private static string LengthCountMessage(string name, Tensor lengths, long[] shape, long batch)
    {
        var text = $"{name} has {TensorText.Elements(lengths.numel())}, but log_probs {TensorText.Shape(shape)} holds {batch} " +
                   $"sequence{(batch == 1 ? "" : "s")} (N, its {(shape.Length == 3 ? "second" : "missing batch")} dimension): one length per sequence.";
        if (shape.Length == 3 && lengths.numel() == shape[0])
            text += $" log_probs looks batch-first [N, T, C]; CTCLoss wants [T, N, C]: pass log_probs.permute(1, 0, 2).";
        return text;
    }

    private static long[] Read(Tensor t)
    {
        if (t.device_type == TorchSharp.DeviceType.CPU && t.dtype == ScalarType.Int64 && t.is_contiguous())
            return MemoryMarshal.Cast<byte, long>(t.bytes).ToArray();
        using var scope = NewDisposeScope();
        return t.detach().cpu().to_type(ScalarType.Int64).contiguous().reshape(-1).data<long>().ToArray();
    }

    [DoesNotReturn]
    private static void Fail(string message, string parameter) => throw new LossValidationException(RuleIds.Ctc, message, parameter);
}
