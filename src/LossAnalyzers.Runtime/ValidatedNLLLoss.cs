using System;
using LossAnalyzers.Runtime.Validation;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

/// <summary><c>NLLLoss</c> that checks its arguments before computing (built by <see cref="ValidatedLoss.NLLLoss"/>).</summary>
public sealed class ValidatedNLLLoss : TorchSharp.WeightedLoss<Tensor, Tensor, Tensor>
{
    internal ValidatedNLLLoss(Tensor? weight, Reduction reduction)
        : base(Checked(weight), reduction)
    {
    }

    /// <summary>The loss of <paramref name="input"/> (log-probabilities) against <paramref name="target"/> (class indices).</summary>
    /// <param name="input">Log-probabilities [N, C] or [N, C, d1, ...].</param>
    /// <param name="target">Class indices (Int64) shaped like the input without its class dimension.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">An argument does not fit the input; the message says how to fix it.</exception>
    public override Tensor forward(Tensor input, Tensor target) => Compute(input, target, weight, reduction);

    internal static Tensor Compute(Tensor input, Tensor target, Tensor? weight, Reduction reduction)
    {
        if (input is null) throw new ArgumentNullException(nameof(input));
        if (target is null) throw new ArgumentNullException(nameof(target));
        var inputShape = Shapes.Of(input);
        ClassIndexChecks.Check("NLLLoss", input, inputShape, target, ignoreIndex: -100, probabilitiesAllowed: false);
        ClassWeightChecks.CheckAgainst("NLLLoss", weight, input, inputShape);
        return nn.functional.nll_loss(input, target, weight, reduction);
    }

    private static Tensor? Checked(Tensor? weight)
    {
        ClassWeightChecks.CheckOwn(weight, inputDtype: null);
        return weight;
    }
}
