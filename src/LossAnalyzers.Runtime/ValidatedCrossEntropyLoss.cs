using System;
using LossAnalyzers.Runtime.Validation;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

/// <summary>
/// <c>CrossEntropyLoss</c> that checks its arguments before computing (built by <see cref="ValidatedLoss.CrossEntropyLoss"/>):
/// TorchSharp's results, with a <see cref="LossValidationException"/> naming the mistake instead of libtorch's error
/// (<c>expected scalar type Long but found Int</c>, <c>Target 10 is out of bounds</c>) or a silently constant loss.
/// </summary>
/// <remarks>The weight's values are checked once, when the loss is built; each call checks what depends on the input.</remarks>
public sealed class ValidatedCrossEntropyLoss : WeightedLoss<Tensor, Tensor, Tensor>
{
    internal ValidatedCrossEntropyLoss(Tensor? weight, long ignoreIndex, Reduction reduction, double labelSmoothing)
        : base(Checked(weight, labelSmoothing), reduction)
    {
        ignore_index = ignoreIndex;
        label_smoothing = labelSmoothing;
    }

    /// <summary>The label value whose samples are left out.</summary>
    public long ignore_index { get; }

    /// <summary>The share of each target spread uniformly over the classes.</summary>
    public double label_smoothing { get; }

    /// <summary>The loss of <paramref name="input"/> (class scores) against <paramref name="target"/>.</summary>
    /// <param name="input">Class scores [N, C] or [N, C, d1, ...], or [C] for one sample.</param>
    /// <param name="target">Class indices (Int64) shaped like the input without its class dimension, or class probabilities of the input's shape.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">An argument does not fit the input; the message says how to fix it.</exception>
    public override Tensor forward(Tensor input, Tensor target) => Compute(input, target, weight, ignore_index, reduction, label_smoothing);

    internal static Tensor Compute(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, Reduction reduction, double labelSmoothing)
    {
        if (input is null) throw new ArgumentNullException(nameof(input));
        if (target is null) throw new ArgumentNullException(nameof(target));
        CheckSmoothing(labelSmoothing);
        var inputShape = Shapes.Of(input);
        var probabilities = ClassIndexChecks.Check("CrossEntropyLoss", input, inputShape, target, ignoreIndex, probabilitiesAllowed: true);
        ClassWeightChecks.CheckAgainst("CrossEntropyLoss", weight, input, inputShape);
        return CrossEntropyCompute.Compute(input, target, weight, ignoreIndex, reduction, labelSmoothing, probabilities);
    }

    private static Tensor? Checked(Tensor? weight, double labelSmoothing)
    {
        CheckSmoothing(labelSmoothing);
        ClassWeightChecks.CheckOwn(weight, inputDtype: null);
        return weight;
    }

    private static void CheckSmoothing(double labelSmoothing)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(label_smoothing), labelSmoothing, "label_smoothing must be between 0 and 1 (0.1 is usual).");
    }
}
