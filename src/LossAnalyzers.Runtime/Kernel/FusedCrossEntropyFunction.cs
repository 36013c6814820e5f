using System.Collections.Generic;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// The fused cross-entropy as an autograd function, like <see cref="FusedBceFunction"/>: forward computes the loss and
/// the gradient (for an upstream gradient of one) in one pass into a pooled buffer saved with the graph; backward
/// scales it by the upstream gradient (skipped when that is exactly one) or, on a second backward through the same
/// graph, recomputes it.
/// </summary>
internal sealed class FusedCrossEntropyFunction : SingleTensorFunction<FusedCrossEntropyFunction>
{
    private const string CallKey = "call";

    /// <inheritdoc/>
    public override string Name => "FusedCrossEntropyBackward";

    public static Tensor Apply(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, Reduction reduction, double smoothing)
    {
        var call = new Call(target, weight, ignoreIndex, reduction, smoothing);
        var loss = apply(input, call);
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
        gradient.DetachFromDisposeScope();
        call.ForwardGradient = gradient;
        var loss = FusedCrossEntropy.Forward(input, call.Target, call.Weight, call.IgnoreIndex, call.Reduction, call.Smoothing, gradient);
        loss.DetachFromDisposeScope();
        call.ForwardLoss = loss;
        ctx.save_for_backward([input, call.Target, call.Weight!, gradient]);
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
            gradient = saved[3];
        }
        else
        {
            gradient = PooledTensors.EmptyLike(saved[0]);
            using var recomputed = FusedCrossEntropy.Forward(saved[0], saved[1], saved[2], call.IgnoreIndex, call.Reduction, call.Smoothing, gradient);
            saved[3]?.Dispose();
        }

        for (int i = 0; i < 3; i++)
        {
            saved[i]?.Dispose();
        }

        if (!GradientScaling.IsOne(grad_output))
        {
            gradient = GradientScaling.Apply(gradient, grad_output);
        }

        gradient.DetachFromDisposeScope();
        HandedOutGradient.Replace(gradient);
        return [gradient, null!];
    }

    private sealed class Call(Tensor target, Tensor? weight, long ignoreIndex, Reduction reduction, double smoothing)
    {
        public Tensor Target { get; } = target;

        public Tensor? Weight { get; } = weight;

        public long IgnoreIndex { get; } = ignoreIndex;

        public Reduction Reduction { get; } = reduction;

        public double Smoothing { get; } = smoothing;

        public Tensor? ForwardGradient { get; set; }

        public Tensor? ForwardLoss { get; set; }

        public bool GradientUsed { get; set; }
    }
}
