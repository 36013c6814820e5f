using LossAnalyzers.Runtime.Validation;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

/// <summary><c>MSELoss</c> that refuses an input and target of different shapes (built by <see cref="ValidatedLoss.MSELoss"/>).</summary>
public sealed class ValidatedMSELoss : TorchSharp.Loss<Tensor, Tensor, Tensor>
{
    internal ValidatedMSELoss(Reduction reduction)
        : base(reduction)
    {
    }

    /// <summary>The mean (or sum) of <c>(input - target)^2</c>.</summary>
    /// <param name="input">The prediction, any shape.</param>
    /// <param name="target">The input's shape, or one element.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or the target is on another device.</exception>
    public override Tensor forward(Tensor input, Tensor target) => Compute(input, target, reduction);

    internal static Tensor Compute(Tensor input, Tensor target, Reduction reduction)
    {
        BroadcastChecks.CheckArguments("MSELoss", input, target);
        return functional.mse_loss(input, target, reduction);
    }
}

/// <summary><c>L1Loss</c> that refuses an input and target of different shapes (built by <see cref="ValidatedLoss.L1Loss"/>).</summary>
public sealed class ValidatedL1Loss : TorchSharp.Loss<Tensor, Tensor, Tensor>
{
    internal ValidatedL1Loss(Reduction reduction)
        : base(reduction)
    {
    }

    /// <summary>The mean (or sum) of <c>|input - target|</c>.</summary>
    /// <param name="input">The prediction, any shape.</param>
    /// <param name="target">The input's shape, or one element.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or the target is on another device.</exception>
    public override Tensor forward(Tensor input, Tensor target) => Compute(input, target, reduction);

    internal static Tensor Compute(Tensor input, Tensor target, Reduction reduction)
    {
        BroadcastChecks.CheckArguments("L1Loss", input, target);
        return functional.l1_loss(input, target, reduction);
    }
}

/// <summary><c>SmoothL1Loss</c> that refuses an input and target of different shapes (built by <see cref="ValidatedLoss.SmoothL1Loss"/>).</summary>
public sealed class ValidatedSmoothL1Loss : TorchSharp.Loss<Tensor, Tensor, Tensor>
{
    internal ValidatedSmoothL1Loss(Reduction reduction, double beta)
        : base(reduction)
    {
        this.beta = beta;
    }

    /// <summary>Where the loss changes from quadratic to linear.</summary>
    public double beta { get; }

    /// <summary>The smooth L1 loss of <paramref name="input"/> against <paramref name="target"/>.</summary>
    /// <param name="input">The prediction, any shape.</param>
    /// <param name="target">The input's shape, or one element.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or the target is on another device.</exception>
    public override Tensor forward(Tensor input, Tensor target) => Compute(input, target, reduction, beta);

    internal static Tensor Compute(Tensor input, Tensor target, Reduction reduction, double beta)
    {
        BroadcastChecks.CheckArguments("SmoothL1Loss", input, target);
        return functional.smooth_l1_loss(input, target, reduction, beta);
    }
}

/// <summary><c>HuberLoss</c> that refuses an input and target of different shapes (built by <see cref="ValidatedLoss.HuberLoss"/>).</summary>
public sealed class ValidatedHuberLoss : TorchSharp.Loss<Tensor, Tensor, Tensor>
{
    internal ValidatedHuberLoss(double delta, Reduction reduction)
        : base(reduction)
    {
        this.delta = delta;
    }

    /// <summary>Where the loss changes from quadratic to linear.</summary>
    public double delta { get; }

    /// <summary>The Huber loss of <paramref name="input"/> against <paramref name="target"/>.</summary>
    /// <param name="input">The prediction, any shape.</param>
    /// <param name="target">The input's shape, or one element.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or the target is on another device.</exception>
    public override Tensor forward(Tensor input, Tensor target) => Compute(input, target, delta, reduction);

    internal static Tensor Compute(Tensor input, Tensor target, double delta, Reduction reduction)
    {
        BroadcastChecks.CheckArguments("HuberLoss", input, target);
        return functional.huber_loss(input, target, delta, reduction);
    }
}
