using System.Collections.Generic;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// The fused loss as an autograd function: forward runs the kernel once, producing the loss and the gradient for an
/// upstream gradient of one; backward scales that gradient by the upstream gradient in place (skipped when it is
/// exactly one, the usual <c>loss.backward()</c>) and hands it to autograd.
/// </summary>
/// <remarks>
/// The gradient lives in a pooled buffer (<see cref="PooledTensors"/>) referenced only by this call until backward
/// hands it out, so scaling it in place is safe; after that it is autograd's, and it returns to the pool only when
/// libtorch frees it. Input and target are saved for backward like libtorch's own loss does: a second backward
/// (<c>retain_graph</c>) recomputes the gradient from them, since the first one gave its buffer away.
/// </remarks>
internal sealed class FusedBceFunction : SingleTensorFunction<FusedBceFunction>
{
    private const string CallKey = "call";

    /// <inheritdoc/>
    public override string Name => "FusedBinaryCrossEntropyWithLogitsBackward";

    /// <summary>The loss of <paramref name="input"/> through autograd.</summary>
    public static Tensor Apply(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight, Reduction reduction) =>
        apply(input, new Call(target, weight, posWeight, reduction));

    /// <inheritdoc/>
    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var call = (Call)vars[1];
        var gradient = PooledTensors.Empty(input.shape, input.dtype);

        // Ours until backward, whatever dispose scope the caller runs in.
        gradient.DetachFromDisposeScope();
        var loss = FusedBce.Forward(input, call.Target, call.Weight, call.PosWeight, call.Reduction, gradient);
        call.Gradient = gradient;
        ctx.save_for_backward([input, call.Target, call.Weight!, call.PosWeight!]);
        ctx.save_data(CallKey, call);
        return loss;
    }

    /// <inheritdoc/>
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        var call = (Call)ctx.get_data(CallKey);
        var gradient = call.Gradient;
        call.Gradient = null;
        if (gradient is null)
        {
            var saved = ctx.get_saved_variables();
            gradient = PooledTensors.Empty(saved[0].shape, saved[0].dtype);
            gradient.DetachFromDisposeScope();
            using var recomputed = FusedBce.Forward(saved[0], saved[1], saved[2], saved[3], call.Reduction, gradient);
        }

        if (call.Reduction == Reduction.None || !IsOne(grad_output))
        {
            gradient.mul_(grad_output);
        }

        HandedOutGradient.Replace(gradient);
        return [gradient, null!];
    }

    private static bool IsOne(Tensor scalar) =>
        scalar.numel() == 1 && (scalar.dtype == ScalarType.Float64 ? scalar.item<double>() == 1.0 : scalar.dtype == ScalarType.Float32 && scalar.item<float>() == 1f);

    /// <summary>The non-differentiable arguments of one call, and the gradient forward computed.</summary>
    private sealed class Call(Tensor target, Tensor? weight, Tensor? posWeight, Reduction reduction)
    {
        public Tensor Target { get; } = target;

        public Tensor? Weight { get; } = weight;

        public Tensor? PosWeight { get; } = posWeight;

        public Reduction Reduction { get; } = reduction;

        public Tensor? Gradient { get; set; }
    }
}
