using System;
using LossAnalyzers.Runtime.Validation;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

/// <summary>
/// PyTorch's <c>GaussianNLLLoss</c> (built by <see cref="ValidatedLoss.GaussianNLLLoss(bool, double, Reduction)"/>):
/// the mean over every element, the variance clamped at <see cref="eps"/> for the value only, and a gradient for the
/// variance. TorchSharp 0.107's own loss gives the variance no gradient and sums over the features (LOSS023).
/// </summary>
public sealed class ValidatedGaussianNLLLoss : TorchSharp.Loss<Tensor, Tensor, Tensor, Tensor>
{
    internal ValidatedGaussianNLLLoss(bool full, double eps, Reduction reduction)
        : base(reduction)
    {
        this.full = full;
        this.eps = CheckEps(eps);
    }

    /// <summary>Whether the constant <c>0.5 * log(2 pi)</c> is added.</summary>
    public bool full { get; }

    /// <summary>The smallest variance the formula uses (a smaller one is raised to it, for the value only).</summary>
    public double eps { get; }

    /// <summary><c>0.5 * (log(max(variance, eps)) + (input - target)^2 / max(variance, eps))</c>, reduced.</summary>
    /// <param name="input">The predicted means.</param>
    /// <param name="target">The observations, of the input's shape (or one element).</param>
    /// <param name="variance">The predicted variances, non-negative: the input's shape, or the input's without (or with 1 as) its last dimension.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes do not fit (LOSS019, LOSS023) or the variance is negative (LOSS023).</exception>
    public override Tensor forward(Tensor input, Tensor target, Tensor variance) => Compute(input, target, variance, full, eps, reduction);

    internal static Tensor Compute(Tensor input, Tensor target, Tensor variance, bool full, double eps, Reduction reduction)
    {
        BroadcastChecks.CheckArguments("GaussianNLLLoss", input, target);
        if (variance is null) throw new ArgumentNullException(nameof(variance));
        var unsqueeze = VarianceChecks.Check(input, variance);
        return GaussianNllCompute.Compute(input, target, variance, unsqueeze, full, eps, reduction);
    }

    internal static double CheckEps(double eps) =>
        eps >= 0 && !double.IsInfinity(eps)
            ? eps
            : throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be a finite, non-negative variance (PyTorch's default is 1e-6).");
}
