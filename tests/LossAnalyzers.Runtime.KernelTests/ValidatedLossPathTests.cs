using LossAnalyzers.Runtime.KernelTests.Infrastructure;

namespace LossAnalyzers.Runtime.KernelTests;

/// <summary>The public validated loss reaches the fused kernel and gives TorchSharp's loss and gradient.</summary>
public sealed class ValidatedLossPathTests
{
    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void Validated_module_matches_TorchSharp_through_the_fused_kernel(Reduction reduction)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(21);
        var source = torch.randn(300, 6) * 3;
        var target = torch.randint(0, 2, [300, 6]).to_type(ScalarType.Float32);
        var posWeight = torch.rand(6) * 5 + 0.5;
        var weight = torch.rand(6) + 0.5;
        Assert.True(FusedBce.Takes(source, target, weight, posWeight));

        (double[] Loss, double[] Gradient) Run(Func<Tensor, Tensor> loss)
        {
            var input = source.clone().requires_grad_(true);
            var output = loss(input);
            output.sum().backward();
            return (LossRun.ToDoubles(output), LossRun.ToDoubles(input.grad!));
        }

        using var torchLoss = nn.BCEWithLogitsLoss(weight, reduction: reduction, pos_weights: posWeight);
        using var validated = ValidatedLoss.BCEWithLogitsLoss(weight, reduction, posWeight);
        var expected = Run(input => torchLoss.forward(input, target));
        var actual = Run(input => validated.forward(input, target));
        Close.Assert(expected.Loss, actual.Loss, Close.Float32, $"{reduction} loss");
        Close.Assert(expected.Gradient, actual.Gradient, Close.Float32, $"{reduction} gradient");
    }
}
