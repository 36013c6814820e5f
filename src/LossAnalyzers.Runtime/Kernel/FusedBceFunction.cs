using System.Collections.Generic;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// The fused loss as an autograd function: forward runs the kernel once, producing the loss and the gradient for an
/// upstream gradient of one; backward scales that gradient by the upstream gradient (skipped when it is exactly
/// one, the usual <c>loss.backward()</c>) and hands it to autograd.
/// </summary>
/// <remarks>
/// <para>The gradient lives in a pooled buffer (<see cref="PooledTensors"/>) and is saved for backward like the
/// inputs, so it is released with the graph: when the loss is disposed (or its dispose scope ends) after
/// backward, or without backward at all. Its buffer goes back to the pool only when libtorch frees it.</para>
/// <para>Backward scales the saved gradient in place without libtorch's version counter noticing
/// (<see cref="GradientScaling"/>); a second backward through the same graph (<c>retain_graph</c>) therefore
/// does not reuse it but recomputes the gradient from the saved input and target.</para>
/// </remarks>
internal sealed class FusedBceFunction : SingleTensorFunction<FusedBceFunction>
{
    private const string CallKey = "call";

    /// <inheritdoc/>
    public override string Name => "FusedBinaryCrossEntropyWithLogitsBackward";

    /// <summary>The loss of <paramref name="input"/> through autograd.</summary>
    public static Tensor Apply(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight, Reduction reduction)
    {
        var call = new Call(target, weight, posWeight, reduction);
        var loss = apply(input, call);

        // TorchSharp saves the tensors for backward after forward returns; only then may this wrapper go, leaving
        // the saved variable (and so the graph) the only holder of the gradient.
        // Likewise forward's own wrapper of the loss: apply hands out a new one, and this one would keep the graph
        // (and the saved gradient) alive until the garbage collector finds it.
        call.ForwardGradient?.Dispose();
        call.ForwardGradient = null;
        call.ForwardLoss?.Dispose();
        call.ForwardLoss = null;
        return loss;
    }

    /// <inheritdoc/>
    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var call = (Call)vars[1];
        var gradient = PooledTensors.EmptyLike(input);

        // Saved below; Apply disposes this wrapper once the graph holds the tensor, whatever dispose scope the
        // caller runs in.
        gradient.DetachFromDisposeScope();
        call.ForwardGradient = gradient;
        var loss = FusedBce.Forward(input, call.Target, call.Weight, call.PosWeight, call.Reduction, gradient);
        loss.DetachFromDisposeScope();
        call.ForwardLoss = loss;
        ctx.save_for_backward([input, call.Target, call.Weight!, call.PosWeight!, gradient]);
        ctx.save_data(CallKey, call);
        return loss;
    }

    /// <inheritdoc/>
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        var call = (Call)ctx.get_data(CallKey);
        var saved = ctx.get_saved_variables();
        Tensor gradient;
        if (!call.GradientUsed)
        {
            call.GradientUsed = true;
            gradient = saved[4];
        }
        else
        {
            gradient = PooledTensors.EmptyLike(saved[0]);
            using var recomputed = FusedBce.Forward(saved[0], saved[1], saved[2], saved[3], call.Reduction, gradient);
            saved[4]?.Dispose();
        }

        for (int i = 0; i < 4; i++)
        {
            saved[i]?.Dispose();
        }

        if (call.Reduction == Reduction.None || !GradientScaling.IsOne(grad_output))
        {
            gradient = GradientScaling.Apply(gradient, grad_output);
        }

        gradient.DetachFromDisposeScope();
        HandedOutGradient.Replace(gradient);
        return [gradient, null!];
    }

    /// <summary>The non-differentiable arguments of one call.</summary>
    private sealed class Call(Tensor target, Tensor? weight, Tensor? posWeight, Reduction reduction)
    {
        public Tensor Target { get; } = target;

        public Tensor? Weight { get; } = weight;

        public Tensor? PosWeight { get; } = posWeight;

        public Reduction Reduction { get; } = reduction;

        /// <summary>Forward's wrapper of the gradient, until the graph has saved it.</summary>
        public Tensor? ForwardGradient { get; set; }

        /// <summary>Forward's wrapper of the loss, until apply has wrapped it anew.</summary>
        public Tensor? ForwardLoss { get; set; }

        /// <summary>Whether a backward has scaled the saved gradient already.</summary>
        public bool GradientUsed { get; set; }
    }
}
