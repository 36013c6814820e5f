using LossAnalyzers.Runtime.Validation;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

public static partial class ValidatedLoss
{
    /// <summary>
    /// Switches on the checks that read tensor data on devices other than the CPU (labels in range, KLDivLoss's input
    /// and target forms, the -1/1 labels of the ±1 losses, CTCLoss's targets and log-probabilities); on a GPU they
    /// synchronise the device. Off by default. On the CPU the label range, CTCLoss's target labels and the -1/1 labels
    /// of targets up to a million elements are always checked; the KLDivLoss and CTCLoss log-probability checks run
    /// only when this is on.
    /// </summary>
    public static bool CheckValues { get; set; }

    /// <summary>A validated <c>CrossEntropyLoss</c>: log_softmax and NLL in one step, on class indices or class probabilities.</summary>
    /// <param name="weight">One weight per class, [C], finite and non-negative; <see cref="ClassWeights.ForCrossEntropy"/> computes it. Checked here, once.</param>
    /// <param name="ignore_index">A label value whose samples are left out of the loss and its mean (class-index targets only).</param>
    /// <param name="reduction">How the per-sample losses are reduced.</param>
    /// <param name="label_smoothing">Between 0 and 1: the share of each target spread uniformly over the classes.</param>
    /// <returns>The loss module; <c>forward(input, target)</c> gives the loss.</returns>
    /// <exception cref="LossValidationException">The weight is not a finite, non-negative, floating [C] vector.</exception>
    public static ValidatedCrossEntropyLoss CrossEntropyLoss(Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean, double label_smoothing = 0.0) =>
        new(weight, ignore_index, reduction, label_smoothing);

    /// <summary>A validated <c>NLLLoss</c>: the negative log-likelihood of log-probabilities (log_softmax outputs).</summary>
    /// <param name="weight">One weight per class, [C], finite and non-negative. Checked here, once.</param>
    /// <param name="reduction">How the per-sample losses are reduced.</param>
    /// <returns>The loss module.</returns>
    public static ValidatedNLLLoss NLLLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) => new(weight, reduction);

    /// <summary>
    /// A validated <c>KLDivLoss</c>. <paramref name="log_target"/> has no default here: TorchSharp's is true and PyTorch's
    /// false, and code ported from Python computes a wrong value when it is left out (LOSS015/LOSS016).
    /// </summary>
    /// <param name="log_target">Whether the target holds log-probabilities (true) or probabilities (false).</param>
    /// <param name="reduction">How the pointwise terms are reduced; <see cref="Reduction.Sum"/> divided by the batch size is the KL divergence (LOSS017).</param>
    /// <returns>The loss module.</returns>
    public static ValidatedKLDivLoss KLDivLoss(bool log_target, Reduction reduction = Reduction.Mean) => new(log_target, reduction);

    /// <summary>Validated <c>cross_entropy</c>; every check, the weight's values included, runs on each call.</summary>
    /// <param name="input">Class scores (logits) [N, C] or [N, C, d1, ...], or [C] for one sample.</param>
    /// <param name="target">Class indices (Int64) shaped like the input without its class dimension, or class probabilities of the input's shape.</param>
    /// <param name="weight">One weight per class, [C].</param>
    /// <param name="ignore_index">A label value left out of the loss.</param>
    /// <param name="reduction">How the per-sample losses are reduced.</param>
    /// <param name="label_smoothing">Between 0 and 1.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">An argument does not fit the input; the message says how to fix it.</exception>
    public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean, double label_smoothing = 0.0)
    {
        ClassWeightChecks.CheckOwn(weight, input?.dtype);
        return ValidatedCrossEntropyLoss.Compute(input!, target, weight, ignore_index, reduction, label_smoothing);
    }

    /// <summary>Validated <c>nll_loss</c>; every check runs on each call.</summary>
    /// <param name="input">Log-probabilities [N, C] or [N, C, d1, ...].</param>
    /// <param name="target">Class indices (Int64) shaped like the input without its class dimension.</param>
    /// <param name="weight">One weight per class, [C].</param>
    /// <param name="reduction">How the per-sample losses are reduced.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">An argument does not fit the input; the message says how to fix it.</exception>
    public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        ClassWeightChecks.CheckOwn(weight, input?.dtype);
        return ValidatedNLLLoss.Compute(input!, target, weight, reduction);
    }

    /// <summary>Validated <c>kl_div</c>; <paramref name="log_target"/> must be written (TorchSharp's default is the opposite of PyTorch's).</summary>
    /// <param name="input">Log-probabilities.</param>
    /// <param name="target">Probabilities (<paramref name="log_target"/> false) or log-probabilities (true), of the input's shape.</param>
    /// <param name="log_target">Whether the target holds log-probabilities.</param>
    /// <param name="reduction">How the pointwise terms are reduced.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">An argument does not fit; the message says how to fix it.</exception>
    public static Tensor kl_div(Tensor input, Tensor target, bool log_target, Reduction reduction = Reduction.Mean) =>
        ValidatedKLDivLoss.Compute(input, target, log_target, reduction);
}
