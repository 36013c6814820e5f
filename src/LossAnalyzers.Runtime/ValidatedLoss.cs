using LossAnalyzers.Runtime.Validation;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

/// <summary>
/// Drop-in replacements for TorchSharp's losses that validate their arguments first: same names, parameters, order
/// and results as <c>torch.nn.BCEWithLogitsLoss</c>, <c>CrossEntropyLoss</c>, <c>NLLLoss</c>, <c>KLDivLoss</c>, the
/// regression losses (<c>MSELoss</c>, <c>L1Loss</c>, <c>SmoothL1Loss</c>, <c>HuberLoss</c>), the ±1 losses
/// (<c>MarginRankingLoss</c>, <c>HingeEmbeddingLoss</c>, <c>SoftMarginLoss</c>, <c>CosineEmbeddingLoss</c>) and
/// <c>CTCLoss</c>, and their functional forms, so switching is a one-word change (KLDivLoss's <c>log_target</c>,
/// HingeEmbeddingLoss's <c>margin</c> and GaussianNLLLoss's <c>eps</c> must be written). <c>GaussianNLLLoss</c> returns
/// PyTorch's result, not TorchSharp 0.107's. A mistake throws a <see cref="LossValidationException"/> whose message names the
/// mistake, the shapes or values and the fix, and whose <see cref="LossValidationException.RuleId"/> is the
/// LossAnalyzers rule for the same mistake in source.
/// </summary>
/// <remarks>
/// <para>Checks of the BCE loss, all made before any computation (the multi-class and KL losses' checks are listed on
/// their methods and in the README):</para>
/// <list type="bullet">
/// <item>the target has the input's shape, is floating point and is on the input's device (LOSS009);</item>
/// <item><c>pos_weights</c> is one-dimensional (a scalar counts as one element) with one element, or one per label of the
/// input's last dimension; a one-dimensional input (one logit per sample) takes exactly one element (LOSS006);</item>
/// <item><c>weight</c> broadcasts to the input's shape (LOSS007);</item>
/// <item><c>weight</c> and <c>pos_weights</c> are floating point, on the input's device, and every element is positive
/// and finite (LOSS008).</item>
/// </list>
/// </remarks>
public static partial class ValidatedLoss
{
    /// <summary>
    /// A validated <c>BCEWithLogitsLoss</c>: sigmoid and binary cross-entropy in one numerically stable step.
    /// The weights' values are checked here, once; every call checks the arguments against its input.
    /// </summary>
    /// <param name="weight">Rescales each element's loss; must broadcast to the input's shape. Not a class weight: use <paramref name="pos_weights"/> for class balance.</param>
    /// <param name="reduction">How the per-element losses are reduced: <see cref="Reduction.Mean"/>, <see cref="Reduction.Sum"/> or <see cref="Reduction.None"/>.</param>
    /// <param name="pos_weights">Weight of the positive term: one element (negatives / positives) for a single-label input,
    /// or one per label for a multi-label input of shape [N, C]. <see cref="ClassWeights.PosWeight(Tensor)"/> computes it.</param>
    /// <returns>The loss module; <c>forward(input, target)</c> gives the loss.</returns>
    /// <exception cref="LossValidationException">A weight is not floating point, <paramref name="pos_weights"/> is not
    /// one-dimensional, or a weight has an element that is zero, negative, NaN or infinite.</exception>
    public static ValidatedBCEWithLogitsLoss BCEWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? pos_weights = null) =>
        new(weight, reduction, pos_weights);

    /// <summary>
    /// Validated <c>binary_cross_entropy_with_logits</c>. Every check, the weights' values included, runs on each call:
    /// for a loss used in a training loop prefer the module form, which reads the weights once.
    /// </summary>
    /// <param name="input">Logits, any shape.</param>
    /// <param name="target">A floating tensor of the input's shape (0/1 labels or probabilities), on the input's device.</param>
    /// <param name="weight">Rescales each element's loss; must broadcast to the input's shape.</param>
    /// <param name="reduction">How the per-element losses are reduced.</param>
    /// <param name="pos_weights">Weight of the positive term: one element, or one per label of the input's last dimension.</param>
    /// <returns>The loss: a scalar for <see cref="Reduction.Mean"/> and <see cref="Reduction.Sum"/>, the input's shape for <see cref="Reduction.None"/>.</returns>
    /// <exception cref="LossValidationException">An argument does not fit the input; the message says how to fix it.</exception>
    public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? pos_weights = null)
    {
        if (input is null) throw new System.ArgumentNullException(nameof(input));
        if (target is null) throw new System.ArgumentNullException(nameof(target));
        BceWithLogitsValidation.CheckWeights(weight, pos_weights, input.dtype);
        // A scalar pos_weights is read as one element; the compute seam takes one-dimensional weights only.
        using var scalarAsVector = pos_weights is not null && pos_weights.dim() == 0 ? pos_weights.reshape(1) : null;
        var posWeights = scalarAsVector ?? pos_weights;
        BceWithLogitsValidation.CheckCall(input, target, weight, posWeights);
        return BceWithLogitsCompute.Compute(input, target, weight, posWeights, reduction);
    }
}
