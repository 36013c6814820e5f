using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

public static partial class ValidatedLoss
{
    /// <summary>
    /// A validated <c>CTCLoss</c> (LOSS021): lengths that fit the input, checked on every call, and with
    /// <see cref="CheckValues"/> rows of log_probs that are log-probabilities over the classes.
    /// </summary>
    /// <param name="blank">The blank label, 0 to C - 1.</param>
    /// <param name="zero_infinity">Whether infinite losses (no alignment) and their gradients are replaced by 0; prefer it to clamping the loss.</param>
    /// <param name="reduction">Mean: each sequence's loss divided by its target length, then averaged; Sum; None.</param>
    /// <returns>The loss module; <c>forward(log_probs, targets, input_lengths, target_lengths)</c> gives the loss.</returns>
    public static ValidatedCTCLoss CTCLoss(long blank = 0, bool zero_infinity = false, Reduction reduction = Reduction.Mean) =>
        new(blank, zero_infinity, reduction);

    /// <summary>Validated <c>ctc_loss</c>.</summary>
    /// <param name="log_probs">log_softmax over the classes, [T, N, C] or [T, C].</param>
    /// <param name="targets">Labels, [N, S] padded or [sum(target_lengths)] concatenated.</param>
    /// <param name="input_lengths">Time steps of each sequence, [N].</param>
    /// <param name="target_lengths">Labels of each sequence, [N].</param>
    /// <param name="blank">The blank label.</param>
    /// <param name="zero_infinity">Whether infinite losses and their gradients are replaced by 0.</param>
    /// <param name="reduction">How the per-sequence losses are reduced.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">An argument does not fit (LOSS021); the message names the sequence.</exception>
    public static Tensor ctc_loss(Tensor log_probs, Tensor targets, Tensor input_lengths, Tensor target_lengths, long blank = 0, bool zero_infinity = false, Reduction reduction = Reduction.Mean) =>
        ValidatedCTCLoss.Compute(log_probs, targets, input_lengths, target_lengths, blank, zero_infinity, reduction);
}
