using static TorchSharp.torch;

namespace LossAnalyzers.Runtime;

/// <summary>
/// Where a validated cross-entropy is computed: the fused CPU kernel for float32/float64 contiguous [N, C] scores with
/// Int64 class indices, libtorch's own <c>cross_entropy</c> for everything else (other devices and dtypes, [N, C, d...]
/// layouts, class-probability targets).
/// </summary>
internal static class CrossEntropyCompute
{
    public static Tensor Compute(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, nn.Reduction reduction, double labelSmoothing, bool probabilities) =>
        nn.functional.cross_entropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
}
