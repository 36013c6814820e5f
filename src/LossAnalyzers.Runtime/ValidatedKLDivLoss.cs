using System;
using LossAnalyzers.Runtime.Validation;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

/// <summary>
/// <c>KLDivLoss</c> that checks its arguments before computing (built by <see cref="ValidatedLoss.KLDivLoss"/>), with
/// <c>log_target</c> always written by the caller.
/// </summary>
public sealed class ValidatedKLDivLoss : TorchSharp.Loss<Tensor, Tensor, Tensor>
{
    internal ValidatedKLDivLoss(bool logTarget, Reduction reduction)
        : base(reduction)
    {
        log_target = logTarget;
    }

    /// <summary>Whether the target holds log-probabilities.</summary>
    public bool log_target { get; }

    /// <summary>The pointwise <c>target * (log target - input)</c>, reduced.</summary>
    /// <param name="input">Log-probabilities.</param>
    /// <param name="target">Probabilities or log-probabilities (<see cref="log_target"/>) of the input's shape.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">An argument does not fit; the message says how to fix it.</exception>
    public override Tensor forward(Tensor input, Tensor target) => Compute(input, target, log_target, reduction);

    internal static Tensor Compute(Tensor input, Tensor target, bool logTarget, Reduction reduction)
    {
        if (input is null) throw new ArgumentNullException(nameof(input));
        if (target is null) throw new ArgumentNullException(nameof(target));
        KLDivChecks.Check(input, target, logTarget);
        return nn.functional.kl_div(input, target, logTarget, reduction);
    }
}
