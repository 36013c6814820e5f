using LossAnalyzers.Runtime.Kernel;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime;

/// <summary>
/// Where a validated BCE-with-logits is computed: after ValidatedLoss has checked its arguments, this
/// picks the fused CPU kernel (float32/float64, contiguous, on the CPU) or libtorch's own implementation (any other
/// device, dtype or layout). The seam between the validation and the kernel.
/// </summary>
internal static class BceWithLogitsCompute
{
    /// <summary>The loss of already validated arguments; <paramref name="posWeight"/> is one-dimensional, 1 or C elements.</summary>
    public static Tensor Compute(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight, nn.Reduction reduction)
    {
        if (!FusedBce.Takes(input, target, weight, posWeight))
        {
            return nn.functional.binary_cross_entropy_with_logits(input, target, weight, reduction, posWeight);
        }

        // The gradient handed out by this thread's last backward is autograd's by now: let its buffer go.
        HandedOutGradient.Release();
        return is_grad_enabled() && input.requires_grad
            ? FusedBceFunction.Apply(input, target, weight, posWeight, reduction)
            : FusedBce.Forward(input, target, weight, posWeight, reduction, gradient: null);
    }
}
