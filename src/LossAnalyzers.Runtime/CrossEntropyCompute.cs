using LossAnalyzers.Runtime.Kernel;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime;

/// <summary>
/// Where a validated cross-entropy is computed: the fused CPU kernel for float32/float64 contiguous [N, C] scores with
/// Int64 class indices (<see cref="FusedCrossEntropy.Takes"/>), libtorch's own <c>cross_entropy</c> for everything
/// else (other devices and dtypes, [N, C, d...] layouts, class-probability targets, Reduction.None with autograd).
/// </summary>
internal static class CrossEntropyCompute
{
    public static Tensor Compute(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, nn.Reduction reduction, double labelSmoothing, bool probabilities)
    {
        if (!FusedCrossEntropy.Takes(input, target, weight, reduction, probabilities))
        {
            return nn.functional.cross_entropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
        }

        HandedOutGradient.Release();
        return is_grad_enabled() && input.requires_grad
            ? FusedCrossEntropyFunction.Apply(input, target, weight, ignoreIndex, reduction, labelSmoothing)
            : FusedCrossEntropy.Forward(input, target, weight, ignoreIndex, reduction, labelSmoothing, gradient: null);
    }
}
