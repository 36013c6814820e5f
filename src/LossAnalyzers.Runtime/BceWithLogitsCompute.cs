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
    public static Tensor Compute(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight, nn.Reduction reduction) =>
        nn.functional.binary_cross_entropy_with_logits(input, target, weight, reduction, posWeight);
}
