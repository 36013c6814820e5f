using System;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// The fused cross-entropy on tensors: which calls it takes, and the forward pass (loss, and the gradient in the same
/// pass where asked) on the tensors' memory.
/// </summary>
/// <remarks>
/// Taken: a contiguous CPU float32/float64 input [N, C], a contiguous CPU Int64 target [N] of class indices (validated
/// to be in range or ignore_index), and a weight absent or a contiguous CPU [C] of the input's dtype that does not
/// require grad. A gradient is produced for Mean and Sum; Reduction.None with autograd goes to libtorch. Everything
/// else (CUDA, half precision, [N, C, d...], class-probability targets) goes to libtorch.
/// </remarks>
internal static class FusedCrossEntropy
{
    public static bool Takes(Tensor input, Tensor target, Tensor? weight, Reduction reduction, bool probabilities)
    {
        var dtype = input.dtype;
        if (probabilities || dtype is not (ScalarType.Float32 or ScalarType.Float64) || input.ndim != 2
            || !IsPlainCpu(input) || target.dtype != ScalarType.Int64 || target.ndim != 1 || !IsPlainCpu(target))
        {
            return false;
        }

        long n = input.size(0), c = input.size(1);
        if (n == 0 || c < 2 || c > int.MaxValue || n * c * (dtype == ScalarType.Float64 ? 8 : 4) > int.MaxValue)
        {
            return false;
        }

        bool grad = is_grad_enabled();
        if (grad && input.requires_grad && reduction == Reduction.None)
        {
            return false;
        }

        return weight is null || (IsPlainCpu(weight) && weight.dtype == dtype && !(grad && weight.requires_grad));
    }

    /// <summary>The loss (a scalar for Mean and Sum, [N] for None); the gradient for an upstream gradient of one goes into <paramref name="gradient"/> where given.</summary>
    public static Tensor Forward(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, Reduction reduction, double smoothing, Tensor? gradient) =>
        input.dtype == ScalarType.Float64
            ? Forward<double>(input, target, weight, ignoreIndex, reduction, smoothing, gradient)
            : Forward<float>(input, target, weight, ignoreIndex, reduction, smoothing, gradient);

    private static Tensor Forward<T>(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, Reduction reduction, double smoothing, Tensor? gradient)
        where T : unmanaged
    {
        var x = MemoryMarshal.Cast<byte, T>(input.bytes);
        var labels = MemoryMarshal.Cast<byte, long>(target.bytes);
        var w = weight is null ? default : MemoryMarshal.Cast<byte, T>(weight.bytes);
        var g = gradient is null ? default : MemoryMarshal.Cast<byte, T>(gradient.bytes);
        int classes = (int)input.size(1);
        if (reduction == Reduction.None)
        {
            var losses = empty(labels.Length, dtype: input.dtype);
            CrossEntropyPass.Run(x, labels, classes, w, ignoreIndex, smoothing, g, MemoryMarshal.Cast<byte, T>(losses.bytes), 1.0, FusedBce.Threads);
            return losses;
        }

        double denominator = reduction == Reduction.Mean ? CrossEntropyPass.Denominator(labels, w, ignoreIndex) : 1.0;
        double sum = CrossEntropyPass.Run(x, labels, classes, w, ignoreIndex, smoothing, g, default, 1.0 / denominator, FusedBce.Threads);
        double loss = sum / denominator;
        return typeof(T) == typeof(float) ? tensor((float)loss) : tensor(loss);
    }

    private static bool IsPlainCpu(Tensor tensor) => tensor.device_type == DeviceType.CPU && tensor.is_contiguous();
}
