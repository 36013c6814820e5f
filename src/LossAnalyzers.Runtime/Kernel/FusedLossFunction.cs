using System.Collections.Generic;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// A fused loss as an autograd function: forward runs the kernel once, producing the loss and the gradient for an
/// upstream gradient of one; backward scales that gradient by the upstream gradient (skipped when it is exactly one,
/// the usual <c>loss.backward()</c>) and hands it to autograd.
/// </summary>
/// <remarks>
/// <para>The gradient lives in a pooled buffer (<see cref="PooledTensors"/>) and is saved for backward like the
/// inputs, so it is released with the graph: when the loss is disposed (or its dispose scope ends) after
/// backward, or without backward at all. Its buffer goes back to the pool only when libtorch frees it.</para>
/// <para>Backward scales the saved gradient in place without libtorch's version counter noticing
/// (<see cref="GradientScaling"/>); a second backward through the same graph (<c>retain_graph</c>) therefore
/// does not reuse it but recomputes the gradient from the saved input and operands.</para>
/// </remarks>
internal abstract class FusedLossFunction<TSelf> : SingleTensorFunction<TSelf>
    where TSelf : FusedLossFunction<TSelf>, new()
{
    private const string CallKey = "call";

    /// <summary>The loss of <paramref name="input"/> through autograd, for the non-differentiable arguments of <paramref name="call"/>.</summary>
    protected static Tensor Run(Tensor input, FusedCall call)
    {
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
        var call = (FusedCall)vars[1];
        var gradient = PooledTensors.EmptyLike(input);

        // Saved below; Run disposes this wrapper once the graph holds the tensor, whatever dispose scope the
        // caller runs in.
        gradient.DetachFromDisposeScope();
        call.ForwardGradient = gradient;
        var operands = call.Operands;
        var loss = call.Forward(input, operands, gradient);
        loss.DetachFromDisposeScope();
        call.ForwardLoss = loss;
        var saved = new List<Tensor> { input };
        saved.AddRange(operands!);
        saved.Add(gradient);
        ctx.save_for_backward(saved);
        ctx.save_data(CallKey, call);
        return loss;
    }

    /// <inheritdoc/>
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        var call = (FusedCall)ctx.get_data(CallKey);
        var saved = ctx.get_saved_variables();
        int last = saved.Count - 1;
        Tensor gradient;
        if (!call.GradientUsed)
        {
            call.GradientUsed = true;
            gradient = saved[last];
        }
        else
        {
            gradient = PooledTensors.EmptyLike(saved[0]);
            using var recomputed = call.Forward(saved[0], saved.GetRange(1, last - 1).ToArray(), gradient);
            saved[last]?.Dispose();
        }

        for (int i = 0; i < last; i++)
        {
            saved[i]?.Dispose();
        }

        if (call.AlwaysScale || !GradientScaling.IsOne(grad_output))
        {
            gradient = GradientScaling.Apply(gradient, grad_output);
        }

        gradient.DetachFromDisposeScope();
        HandedOutGradient.Replace(gradient);
        return [gradient, null!];
    }
}

/// <summary>The non-differentiable arguments of one fused call, and the kernel that computes it.</summary>
internal abstract class FusedCall
{
    /// <summary>The tensors saved with the input for a recomputation (target, weights; null where absent).</summary>
    public abstract Tensor?[] Operands { get; }

    /// <summary>Whether backward must scale even by an upstream gradient of exactly one (a per-element upstream gradient).</summary>
    public abstract bool AlwaysScale { get; }

    /// <summary>Forward's wrapper of the gradient, until the graph has saved it.</summary>
    public Tensor? ForwardGradient { get; set; }

    /// <summary>Forward's wrapper of the loss, until apply has wrapped it anew.</summary>
    public Tensor? ForwardLoss { get; set; }

    /// <summary>Whether a backward has scaled the saved gradient already.</summary>
    public bool GradientUsed { get; set; }

    /// <summary>The loss, with the gradient for an upstream gradient of one written into <paramref name="gradient"/>.</summary>
    public abstract Tensor Forward(Tensor input, IReadOnlyList<Tensor?> operands, Tensor gradient);
}
