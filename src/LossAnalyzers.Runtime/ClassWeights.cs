using System;
using System.Collections.Generic;
using System.Linq;
using LossAnalyzers.Runtime.Validation;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime;

/// <summary>
/// Class-balance weights computed from the data: <c>pos_weights</c> for <c>BCEWithLogitsLoss</c>, class weights for
/// <c>CrossEntropyLoss</c> and per-sample weights for weighted sampling. Results are float32, on the device of the
/// tensor they are computed from.
/// </summary>
/// <remarks>
/// A count of zero would make a weight infinite (or zero), which breaks the loss (LOSS008): instead of returning it,
/// these methods throw a <see cref="LossValidationException"/> naming the label or class and its counts. Its
/// <see cref="LossValidationException.RuleId"/> is <c>LOSS008</c> for zero counts and for labels that are not class
/// indices, and <c>LOSS006</c> when targets given to <see cref="PosWeight(Tensor)"/> are not 0/1 labels.
/// Counting never uses <c>t.sum(0)</c>, which in TorchSharp binds to <c>sum(ScalarType)</c> and sums everything into
/// one byte (LOSS013).
/// </remarks>
public static class ClassWeights
{
    /// <summary>
    /// <c>pos_weights</c> for <c>BCEWithLogitsLoss</c>: negatives / positives for each label, counted over
    /// <paramref name="targets"/>. Shape [1] for single-label targets [N] (or [N, 1]); [C] for multi-label targets
    /// [N, C] (or [..., C]: every dimension but the last counts as samples).
    /// </summary>
    /// <param name="targets">0/1 labels (float, integer or bool), or probabilities: positives are then the sum of the targets.</param>
    /// <returns>A float32 tensor on the targets' device.</returns>
    /// <exception cref="LossValidationException">A label has no positives or no negatives (LOSS008), or the targets are not 0/1 labels (LOSS006).</exception>
    public static Tensor PosWeight(Tensor targets)
    {
        if (targets is null) throw new ArgumentNullException(nameof(targets));
        var shape = targets.shape;
        if (shape.Length == 0 || targets.numel() == 0 || targets.is_complex())
            throw new LossValidationException(RuleIds.PosWeightLength,
                $"PosWeight needs 0/1 targets with a sample dimension, [N] for one yes/no label per sample or [N, C] for C " +
                $"labels; got shape {TensorText.Shape(shape)} of dtype {targets.dtype}.",
                nameof(targets));

        var labels = shape.Length >= 2 ? shape[^1] : 1;
        var (positives, rows) = PositiveSums(targets, labels);
        var negatives = positives.Select(p => rows - p).ToArray();

        CheckCounts(positives, negatives, rows, single: shape.Length == 1 || labels == 1);
        var ratios = positives.Select((p, j) => (float)(negatives[j] / p)).ToArray();
        return tensor(ratios, device: targets.device);
    }

    // Per label column, the sum of the targets (the positives of 0/1 targets) and the number of rows. Intermediate
    // tensors live in a scope of their own, so that nothing but the result reaches the caller's dispose scope.
    private static (double[] positives, long rows) PositiveSums(Tensor targets, long labels)
    {
        using var scope = NewDisposeScope();
        var values = targets.detach().to_type(ScalarType.Float64).reshape(-1, labels);
        var rows = values.shape[0];
        var lo = values.min().item<double>();
        var hi = values.max().item<double>();
        if (!(lo >= 0 && hi <= 1))
            throw new LossValidationException(RuleIds.PosWeightLength,
                $"PosWeight counts 0/1 labels, but the targets hold values from {TensorText.Number(lo)} to " +
                $"{TensorText.Number(hi)}. BCEWithLogitsLoss targets are 0 or 1 (or probabilities between them). If these " +
                "are the class indices of a multi-class problem, use ClassWeights.ForCrossEntropy(labels, num_classes) " +
                "with CrossEntropyLoss instead.",
                nameof(targets));

        // Sum over the sample dimension by name: sum(0) would be sum(ScalarType.Byte).
        return (values.sum(dim: 0).cpu().data<double>().ToArray(), rows);
    }

    /// <summary><c>pos_weights</c> of one element from counts: <c>[negatives / positives]</c>.</summary>
    /// <param name="negatives">Number of negative examples (target 0).</param>
    /// <param name="positives">Number of positive examples (target 1).</param>
    /// <param name="device">Where to create it: the device of the loss's input (the CPU when null).</param>
    /// <returns>A float32 tensor of shape [1].</returns>
    /// <exception cref="LossValidationException">A count is zero or negative (LOSS008).</exception>
    public static Tensor PosWeight(long negatives, long positives, Device? device = null)
    {
        if (negatives < 0 || positives < 0)
            throw new LossValidationException(RuleIds.WeightValues,
                $"Counts cannot be negative: got {negatives} negatives and {positives} positives.",
                negatives < 0 ? nameof(negatives) : nameof(positives));
        CheckCounts(new double[] { positives }, new double[] { negatives }, positives + negatives, single: true);
        return tensor(new[] { (float)((double)negatives / positives) }, device: device);
    }

    /// <summary>
    /// "Balanced" class weights for <c>CrossEntropyLoss(weight: ...)</c>: <c>N / (C * count_c)</c> for class c, where N
    /// is the number of labels and C = <paramref name="num_classes"/>. A class with the average count gets 1, a class
    /// ten times rarer 10 times as much.
    /// </summary>
    /// <param name="labels">Integer class indices, any shape.</param>
    /// <param name="num_classes">The number of classes, the width of the model's output.</param>
    /// <param name="ignore_index">A label value that is not counted, as <c>CrossEntropyLoss</c>'s own <c>ignore_index</c> (default -100).</param>
    /// <returns>A float32 tensor of shape [<paramref name="num_classes"/>] on the labels' device.</returns>
    /// <exception cref="LossValidationException">A class has no examples, a label is outside 0 to num_classes - 1, or the labels are not integers (LOSS008).</exception>
    public static Tensor ForCrossEntropy(Tensor labels, long num_classes, long ignore_index = -100)
    {
        if (labels is null) throw new ArgumentNullException(nameof(labels));
        if (num_classes < 1) throw new ArgumentOutOfRangeException(nameof(num_classes), num_classes, "num_classes must be at least 1.");
        var values = ClassIndices(labels, "ForCrossEntropy");

        var counts = new long[num_classes];
        long n = 0, outOfRange = 0, firstBad = 0, firstBadAt = -1;
        for (var k = 0; k < values.Length; k++)
        {
            var c = values[k];
            if (c == ignore_index) continue;
            if (c < 0 || c >= num_classes)
            {
                if (outOfRange++ == 0) { firstBad = c; firstBadAt = k; }
                continue;
            }
            counts[c]++;
            n++;
        }
        if (outOfRange > 0)
            throw new LossValidationException(RuleIds.WeightValues,
                $"labels holds {firstBad} (at flat index {firstBadAt}), outside the classes 0 to {num_classes - 1} of " +
                $"num_classes {num_classes}" + (outOfRange > 1 ? $"; {outOfRange} labels are out of range" : "") +
                ". CrossEntropyLoss fails on such a target. Check num_classes, and whether the labels start at 1 instead of 0.",
                nameof(labels));

        var empty = Enumerable.Range(0, (int)num_classes).Where(c => counts[c] == 0).ToList();
        if (empty.Count > 0)
            throw new LossValidationException(RuleIds.WeightValues,
                $"Class {empty[0]} has no examples among the {n} labels, so its balanced weight, N / (C * count) = " +
                $"{n} / ({num_classes} * 0), would be infinite" +
                (empty.Count > 1 ? $" (classes {TensorText.List(empty)} have none)" : "") +
                ". Check num_classes and the labels, and count over the whole training set rather than one batch; if the " +
                "class is real but absent from this data, give it a finite weight by hand.",
                nameof(labels));

        var weights = counts.Select(count => (float)((double)n / (num_classes * (double)count))).ToArray();
        return tensor(weights, device: labels.device);
    }

    /// <summary>
    /// Per-sample weights for weighted sampling (<c>torch.multinomial(weights, num_samples, replacement: true)</c>):
    /// <c>N / (K * count)</c> for a sample whose class has <c>count</c> samples, with N samples and K distinct classes in
    /// <paramref name="labels"/>. Proportional to 1 / count, so every class is drawn equally often; normalised so the
    /// weights average 1 and each class's weights sum to N / K.
    /// </summary>
    /// <param name="labels">Integer class indices [N], or binary targets [N] (or [N, 1]) of 0 and 1 (float or bool).</param>
    /// <returns>A float32 tensor of shape [N] on the labels' device.</returns>
    /// <exception cref="LossValidationException">The labels are not one class per sample: negative, fractional, or more than one column (LOSS008).</exception>
    public static Tensor SampleWeights(Tensor labels)
    {
        if (labels is null) throw new ArgumentNullException(nameof(labels));
        var shape = labels.shape;
        if (!(shape.Length == 1 || (shape.Length == 2 && shape[1] == 1)) || shape[0] == 0)
            throw new LossValidationException(RuleIds.WeightValues,
                $"SampleWeights needs one class per sample, shape [N] (or [N, 1]); got shape {TensorText.Shape(shape)}. " +
                "Multi-label targets [N, C] have no single class per sample: weight the labels with " +
                "pos_weights: ClassWeights.PosWeight(targets) instead.",
                nameof(labels));

        var values = ClassIndices(labels, "SampleWeights");
        var counts = new Dictionary<long, long>();
        foreach (var c in values)
        {
            if (c < 0)
                throw new LossValidationException(RuleIds.WeightValues,
                    $"labels holds {c}; class indices start at 0.", nameof(labels));
            counts[c] = counts.TryGetValue(c, out var k) ? k + 1 : 1;
        }
        double n = values.Length, classes = counts.Count;
        var weights = values.Select(c => (float)(n / (classes * counts[c]))).ToArray();
        return tensor(weights, device: labels.device);
    }

    // Zero positives make negatives / positives infinite, zero negatives make it 0: both break the loss (LOSS008).
    private static void CheckCounts(double[] positives, double[] negatives, double rows, bool single)
    {
        var noPositives = Enumerable.Range(0, positives.Length).Where(j => positives[j] == 0).ToList();
        if (noPositives.Count > 0)
        {
            var j = noPositives[0];
            var what = single
                ? $"The targets have no positives: all {TensorText.Count(rows)} are 0"
                : $"Label column {j} has no positives ({TensorText.Count(negatives[j])} negatives and 0 positives over " +
                  $"{TensorText.Count(rows)} rows)" + (noPositives.Count > 1 ? $"; columns {TensorText.List(noPositives)} have none" : "");
            throw new LossValidationException(RuleIds.WeightValues,
                what + ", so negatives / positives would be infinite. pos_weights needs at least one positive example per " +
                "label: check that the labels were loaded as intended, and count over the whole training set rather than " +
                "one batch" + (single ? "." : "; drop a label that never occurs from the head."),
                single ? "positives" : "targets");
        }

        var noNegatives = Enumerable.Range(0, negatives.Length).Where(j => negatives[j] == 0).ToList();
        if (noNegatives.Count > 0)
        {
            var j = noNegatives[0];
            var what = single
                ? $"The targets have no negatives: all {TensorText.Count(rows)} are 1"
                : $"Label column {j} has no negatives ({TensorText.Count(positives[j])} positives and 0 negatives over " +
                  $"{TensorText.Count(rows)} rows)" + (noNegatives.Count > 1 ? $"; columns {TensorText.List(noNegatives)} have none" : "");
            throw new LossValidationException(RuleIds.WeightValues,
                what + ", so negatives / positives would be 0, and a zero pos_weights removes the positives from the loss. " +
                "Count over the whole training set rather than one batch, or leave pos_weights at 1 for such a label.",
                single ? "negatives" : "targets");
        }
    }

    // Class indices as longs: integer tensors as they are, float and bool tensors only when every value is 0 or 1
    // (binary targets), since a fractional "class" is a probability, not a label.
    private static long[] ClassIndices(Tensor labels, string method)
    {
        if (labels.is_complex())
            throw new LossValidationException(RuleIds.WeightValues,
                $"{method} counts class labels; got dtype {labels.dtype}.", nameof(labels));
        using var scope = NewDisposeScope();
        var flat = labels.detach().cpu().reshape(-1);
        if (!labels.is_floating_point()) return flat.to_type(ScalarType.Int64).data<long>().ToArray();
        var values = flat.to_type(ScalarType.Float64).data<double>().ToArray();
        var bad = Array.FindIndex(values, v => v != 0 && v != 1);
        if (bad >= 0)
            throw new LossValidationException(RuleIds.WeightValues,
                $"{method} counts class labels, but labels has dtype {labels.dtype} and holds {TensorText.Number(values[bad])} " +
                $"(at flat index {bad}). Float labels are read as binary targets and must be exactly 0 or 1; pass class " +
                "indices as an integer tensor (labels.to_type(ScalarType.Int64)).",
                nameof(labels));
        return values.Select(v => (long)v).ToArray();
    }
}
