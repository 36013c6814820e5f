using System;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime;

/// <summary>
/// PyTorch's Gaussian negative log-likelihood, <c>0.5 * (log(v) + (input - target)^2 / v)</c> (plus <c>0.5 * log(2 pi)</c>
/// when <c>full</c>), reduced over every element. TorchSharp 0.107's own <c>gaussian_nll_loss</c> is not used: it gives
/// the variance no gradient and sums over the features (D times PyTorch's mean).
/// </summary>
internal static class GaussianNllCompute
{
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <param name="input">The predicted means.</param>
    /// <param name="target">The observations, of the input's shape (or one element).</param>
    /// <param name="variance">The predicted variances, already checked by <see cref="Validation.VarianceChecks"/>.</param>
    /// <param name="unsqueeze">The variance lacks the input's last dimension.</param>
    /// <param name="full">Whether the constant term is added.</param>
    /// <param name="eps">The smallest variance used in the formula.</param>
    /// <param name="reduction">Mean over every element, sum, or the per-element loss.</param>
    public static Tensor Compute(Tensor input, Tensor target, Tensor variance, bool unsqueeze, bool full, double eps, nn.Reduction reduction)
    {
        using var scope = NewDisposeScope();
        var v = (unsqueeze ? variance.unsqueeze(-1) : variance).clone();
        // PyTorch clamps a clone in place under no_grad: the value is clamped, the gradient passes through as if it
        // were not (clone's backward is the identity), so a variance below eps still learns. clamp_min would zero it.
        using (no_grad())
        {
            v.clamp_min_(eps);
        }

        var loss = (v.log() + (input - target).square() / v) * 0.5;
        if (full) loss = loss + HalfLogTwoPi;
        var result = reduction switch
        {
            nn.Reduction.Mean => loss.mean(),
            nn.Reduction.Sum => loss.sum(),
            _ => loss,
        };
        return result.MoveToOuterDisposeScope();
    }
}
