using System;
using LossAnalyzers.Runtime.Validation;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

/// <summary>
/// <c>CTCLoss</c> that checks its lengths against the input and, with <see cref="ValidatedLoss.CheckValues"/>, that the
/// input is log-probabilities over the classes (built by <see cref="ValidatedLoss.CTCLoss"/>).
/// </summary>
public sealed class ValidatedCTCLoss : TorchSharp.Loss<Tensor, Tensor, Tensor, Tensor, Tensor>
{
    internal ValidatedCTCLoss(long blank, bool zeroInfinity, Reduction reduction)
        : base(reduction)
    {
        this.blank = blank;
        zero_infinity = zeroInfinity;
    }

    /// <summary>The blank label.</summary>
    public long blank { get; }

    /// <summary>Whether infinite losses (no alignment) and their gradients are replaced by 0.</summary>
    public bool zero_infinity { get; }

    /// <summary>The connectionist temporal classification loss.</summary>
    /// <param name="log_probs">log_softmax over the classes, [T, N, C] (time, batch, classes) or [T, C].</param>
    /// <param name="targets">Labels, [N, S] padded or [sum(target_lengths)] concatenated; never the blank.</param>
    /// <param name="input_lengths">Time steps of each sequence, [N], at most T.</param>
    /// <param name="target_lengths">Labels of each sequence, [N], at most its input length.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">An argument does not fit (LOSS021); the message names the sequence.</exception>
    public override Tensor forward(Tensor log_probs, Tensor targets, Tensor input_lengths, Tensor target_lengths) =>
        Compute(log_probs, targets, input_lengths, target_lengths, blank, zero_infinity, reduction);

    internal static Tensor Compute(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, long blank, bool zeroInfinity, Reduction reduction)
    {
        if (logProbs is null) throw new ArgumentNullException("log_probs");
        if (targets is null) throw new ArgumentNullException(nameof(targets));
        if (inputLengths is null) throw new ArgumentNullException("input_lengths");
        if (targetLengths is null) throw new ArgumentNullException("target_lengths");
        CtcChecks.Check(logProbs, targets, inputLengths, targetLengths, blank);
        return functional.ctc_loss(logProbs, targets, inputLengths, targetLengths, blank, zeroInfinity, reduction);
    }
}
