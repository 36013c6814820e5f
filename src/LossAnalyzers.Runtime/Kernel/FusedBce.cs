using System;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// The fused kernel on tensors: which calls it takes, and the forward pass on the tensors' memory.
/// </summary>
/// <remarks>
/// Taken: input and target contiguous CPU float32 or float64 tensors of one dtype with at least one element;
/// pos_weight absent or a contiguous CPU tensor of that dtype (validation has made it [1] or [C]); weight absent or
/// a contiguous CPU tensor of that dtype whose shape, less leading 1s, is a suffix of the input's ([C], [1, C],
/// [T, C], the full shape, a scalar). Target, weight and pos_weight must not require grad where grad is enabled.
/// Everything else (CUDA, float16/bfloat16, views that are not contiguous, per-row weights such as [N, 1],
/// differentiable targets or weights) goes to libtorch.
/// </remarks>
internal static class FusedBce
{
    /// <summary>Whether the fused kernel computes this call.</summary>
    public static bool Takes(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight)
    {
        var dtype = input.dtype;
        if (dtype is not (ScalarType.Float32 or ScalarType.Float64) || !IsPlainCpu(input, dtype) || !IsPlainCpu(target, dtype))
        {
            return false;
        }

        long n = input.numel();
        if (n == 0 || target.numel() != n || n * (dtype == ScalarType.Float64 ? 8 : 4) > int.MaxValue)
        {
            return false;   // Tensor.bytes spans end at 2 GiB
        }

        bool grad = torch.is_grad_enabled();
        if (grad && target.requires_grad)
        {
            return false;
        }

        if (posWeight is not null && (!IsPlainCpu(posWeight, dtype) || (grad && posWeight.requires_grad) || !IsPeriodic(input, posWeight)))
        {
            return false;
        }

        return weight is null || (IsPlainCpu(weight, dtype) && !(grad && weight.requires_grad) && IsPeriodic(input, weight));
    }

    /// <summary>
    /// The loss tensor (a scalar for Mean and Sum, the input's shape for None); where <paramref name="gradient"/> is
    /// given, the gradient of that loss for an upstream gradient of one is written into it in the same pass.
    /// </summary>
    public static Tensor Forward(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight, Reduction reduction, Tensor? gradient) =>
        input.dtype == ScalarType.Float64
            ? Forward<double>(input, target, weight, posWeight, reduction, gradient)
            : Forward<float>(input, target, weight, posWeight, reduction, gradient);

    /// <summary>Threads for tensors: the override, else libtorch's own setting, so one knob governs both.</summary>
    public static int Threads => KernelSettings.ThreadCount > 0 ? KernelSettings.ThreadCount : torch.get_num_threads();

    private static Tensor Forward<T>(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight, Reduction reduction, Tensor? gradient)
        where T : unmanaged
    {
        var x = Values<T>(input);
        var y = Values<T>(target);
        var w = weight is null ? default : Values<T>(weight);
        var pw = posWeight is null ? default : Values<T>(posWeight);
        var g = gradient is null ? default : MemoryMarshal.Cast<byte, T>(gradient.bytes);
        if (reduction == Reduction.None)
        {
            var losses = torch.empty_like(input);
            FusedPass.Run(x, y, pw, w, g, MemoryMarshal.Cast<byte, T>(losses.bytes), KernelScalars.FromDouble<T>(1.0), Threads);
            return losses;
        }

        bool mean = reduction == Reduction.Mean;
        double sum = FusedPass.Run(x, y, pw, w, g, default, KernelScalars.FromDouble<T>(mean ? 1.0 / x.Length : 1.0), Threads);
        double loss = mean ? sum / x.Length : sum;
        return typeof(T) == typeof(float) ? torch.tensor((float)loss) : torch.tensor(loss);
    }

    private static ReadOnlySpan<T> Values<T>(Tensor tensor)
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(tensor.bytes);

    private static bool IsPlainCpu(Tensor tensor, ScalarType dtype) =>
        tensor.device_type == DeviceType.CPU && tensor.dtype == dtype && tensor.is_contiguous();

    // The operand repeats along the flat index when its shape, less leading 1s, is a suffix of the input's shape.
    // Read through ndim/size(i) rather than .shape, which allocates an array per call.
    private static bool IsPeriodic(Tensor input, Tensor operand)
    {
        int rank = (int)input.ndim;
        int own = (int)operand.ndim;
        int first = 0;
        while (first < own && operand.size(first) == 1)
        {
            first++;
        }

        int kept = own - first;
        if (kept > rank)
        {
            return false;
        }

        for (int i = 0; i < kept; i++)
        {
            if (operand.size(first + i) != input.size(rank - kept + i))
            {
                return false;
            }
        }

        return true;
    }
}
