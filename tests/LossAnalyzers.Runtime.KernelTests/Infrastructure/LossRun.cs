namespace LossAnalyzers.Runtime.KernelTests.Infrastructure;

/// <summary>The loss of a case and the gradient of its logits through autograd, by one implementation.</summary>
internal sealed record LossRun(double[] Loss, double[] Gradient)
{
    /// <summary>TorchSharp's own BCE-with-logits (libtorch).</summary>
    public static LossRun Torch(BceCase c) =>
        Run(c, (input, target) => nn.functional.binary_cross_entropy_with_logits(input, target, c.Weight, c.Reduction, c.PosWeight));

    /// <summary>The seam the validated loss calls: the fused kernel where it applies, libtorch elsewhere.</summary>
    public static LossRun Fused(BceCase c) =>
        Run(c, (input, target) => BceWithLogitsCompute.Compute(input, target, c.Weight, c.PosWeight, c.Reduction));

    /// <summary>
    /// Forward, then backward with an upstream gradient that is not one (a fixed pattern for None, 1.5 for a
    /// scalar loss), so that the scaling in backward is tested too.
    /// </summary>
    private static LossRun Run(BceCase c, Func<Tensor, Tensor, Tensor> loss)
    {
        using var scope = torch.NewDisposeScope();
        var input = c.Input.detach().clone().requires_grad_(true);
        var output = loss(input, c.Target);
        var upstream = c.Reduction == Reduction.None
            ? torch.linspace(0.5, 2.0, output.numel(), dtype: output.dtype).reshape(output.shape)
            : torch.tensor(1.5, dtype: output.dtype);
        output.backward([upstream]);
        return new LossRun(ToDoubles(output), ToDoubles(input.grad!));
    }

    public static double[] ToDoubles(Tensor tensor) => tensor.detach().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
}
