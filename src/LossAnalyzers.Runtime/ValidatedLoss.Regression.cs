using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

public static partial class ValidatedLoss
{
    /// <summary>A validated <c>MSELoss</c>: the input and target must have one shape (LOSS019), or the target one element.</summary>
    /// <param name="reduction">How the squared errors are reduced.</param>
    /// <returns>The loss module.</returns>
    public static ValidatedMSELoss MSELoss(Reduction reduction = Reduction.Mean) => new(reduction);

    /// <summary>A validated <c>L1Loss</c>: the input and target must have one shape (LOSS019), or the target one element.</summary>
    /// <param name="reduction">How the absolute errors are reduced.</param>
    /// <returns>The loss module.</returns>
    public static ValidatedL1Loss L1Loss(Reduction reduction = Reduction.Mean) => new(reduction);

    /// <summary>A validated <c>SmoothL1Loss</c>: the input and target must have one shape (LOSS019), or the target one element.</summary>
    /// <param name="reduction">How the per-element losses are reduced.</param>
    /// <param name="beta">Where the loss changes from quadratic to linear.</param>
    /// <returns>The loss module.</returns>
    public static ValidatedSmoothL1Loss SmoothL1Loss(Reduction reduction = Reduction.Mean, double beta = 1.0) => new(reduction, beta);

    /// <summary>A validated <c>HuberLoss</c>: the input and target must have one shape (LOSS019), or the target one element.</summary>
    /// <param name="delta">Where the loss changes from quadratic to linear.</param>
    /// <param name="reduction">How the per-element losses are reduced.</param>
    /// <returns>The loss module.</returns>
    public static ValidatedHuberLoss HuberLoss(double delta = 1.0, Reduction reduction = Reduction.Mean) => new(delta, reduction);

    /// <summary>
    /// PyTorch's <c>GaussianNLLLoss</c>, validated. <paramref name="eps"/> has no default (LOSS022: TorchSharp's factory
    /// uses 1e-8, its functional form and PyTorch 1e-6). The result is PyTorch's, not TorchSharp 0.107's (LOSS023).
    /// </summary>
    /// <param name="full">Whether the constant <c>0.5 * log(2 pi)</c> is added.</param>
    /// <param name="eps">The smallest variance the formula uses; PyTorch's default is 1e-6.</param>
    /// <param name="reduction">Mean over every element, sum, or the per-element loss.</param>
    /// <returns>The loss module; <c>forward(input, target, variance)</c> gives the loss.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="eps"/> is negative or not finite.</exception>
    public static ValidatedGaussianNLLLoss GaussianNLLLoss(bool full, double eps, Reduction reduction = Reduction.Mean) => new(full, eps, reduction);

    /// <summary>PyTorch's <c>GaussianNLLLoss</c> without the constant term (<c>full: false</c>); <paramref name="eps"/> must be written.</summary>
    /// <param name="eps">The smallest variance the formula uses; PyTorch's default is 1e-6.</param>
    /// <param name="reduction">Mean over every element, sum, or the per-element loss.</param>
    /// <returns>The loss module.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="eps"/> is negative or not finite.</exception>
    public static ValidatedGaussianNLLLoss GaussianNLLLoss(double eps, Reduction reduction = Reduction.Mean) => new(false, eps, reduction);

    /// <summary>Validated <c>mse_loss</c>.</summary>
    /// <param name="input">The prediction, any shape.</param>
    /// <param name="target">The input's shape, or one element.</param>
    /// <param name="reduction">How the squared errors are reduced.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or the target is on another device.</exception>
    public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        ValidatedMSELoss.Compute(input, target, reduction);

    /// <summary>Validated <c>l1_loss</c>.</summary>
    /// <param name="input">The prediction, any shape.</param>
    /// <param name="target">The input's shape, or one element.</param>
    /// <param name="reduction">How the absolute errors are reduced.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or the target is on another device.</exception>
    public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        ValidatedL1Loss.Compute(input, target, reduction);

    /// <summary>Validated <c>smooth_l1_loss</c>.</summary>
    /// <param name="input">The prediction, any shape.</param>
    /// <param name="target">The input's shape, or one element.</param>
    /// <param name="reduction">How the per-element losses are reduced.</param>
    /// <param name="beta">Where the loss changes from quadratic to linear.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or the target is on another device.</exception>
    public static Tensor smooth_l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0) =>
        ValidatedSmoothL1Loss.Compute(input, target, reduction, beta);

    /// <summary>Validated <c>huber_loss</c>.</summary>
    /// <param name="input">The prediction, any shape.</param>
    /// <param name="target">The input's shape, or one element.</param>
    /// <param name="delta">Where the loss changes from quadratic to linear.</param>
    /// <param name="reduction">How the per-element losses are reduced.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or the target is on another device.</exception>
    public static Tensor huber_loss(Tensor input, Tensor target, double delta = 1.0, Reduction reduction = Reduction.Mean) =>
        ValidatedHuberLoss.Compute(input, target, delta, reduction);

    /// <summary>Validated <c>gaussian_nll_loss</c> with PyTorch's semantics; <paramref name="eps"/> must be written (LOSS022).</summary>
    /// <param name="input">The predicted means.</param>
    /// <param name="target">The observations, of the input's shape (or one element).</param>
    /// <param name="variance">Non-negative variances: the input's shape, or the input's without (or with 1 as) its last dimension.</param>
    /// <param name="full">Whether the constant <c>0.5 * log(2 pi)</c> is added.</param>
    /// <param name="eps">The smallest variance the formula uses; PyTorch's default is 1e-6.</param>
    /// <param name="reduction">Mean over every element, sum, or the per-element loss.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes do not fit (LOSS019, LOSS023) or the variance is negative (LOSS023).</exception>
    public static Tensor gaussian_nll_loss(Tensor input, Tensor target, Tensor variance, bool full, double eps, Reduction reduction = Reduction.Mean) =>
        ValidatedGaussianNLLLoss.Compute(input, target, variance, full, ValidatedGaussianNLLLoss.CheckEps(eps), reduction);

    /// <summary>Validated <c>gaussian_nll_loss</c> without the constant term (<c>full: false</c>); <paramref name="eps"/> must be written.</summary>
    /// <param name="input">The predicted means.</param>
    /// <param name="target">The observations, of the input's shape (or one element).</param>
    /// <param name="variance">Non-negative variances: the input's shape, or the input's without (or with 1 as) its last dimension.</param>
    /// <param name="eps">The smallest variance the formula uses; PyTorch's default is 1e-6.</param>
    /// <param name="reduction">Mean over every element, sum, or the per-element loss.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes do not fit (LOSS019, LOSS023) or the variance is negative (LOSS023).</exception>
    public static Tensor gaussian_nll_loss(Tensor input, Tensor target, Tensor variance, double eps, Reduction reduction = Reduction.Mean) =>
        gaussian_nll_loss(input, target, variance, false, eps, reduction);
}
