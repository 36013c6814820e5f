using LossAnalyzers.Runtime.KernelTests.Infrastructure;

namespace LossAnalyzers.Runtime.KernelTests;

/// <summary>The public span kernel: results against TorchSharp, the unreduced form, and its argument checks.</summary>
public sealed class SpanApiTests
{
    [Fact]
    public void Forward_on_spans_matches_TorchSharp_loss_and_gradient()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(12);
        var input = (torch.randn(500, 7) * 6).requires_grad_(true);
        var target = torch.rand(500, 7);
        var posWeight = torch.rand(7) * 10 + 0.1;
        var weight = torch.rand(7) + 0.5;
        var expected = nn.functional.binary_cross_entropy_with_logits(input, target, weight, Reduction.Mean, posWeight);
        expected.backward();

        var gradient = new float[input.numel()];
        double loss = BinaryCrossEntropyKernel.Forward(
            input.detach().data<float>().ToArray(),
            target.data<float>().ToArray(),
            weight.data<float>().ToArray(),
            posWeight.data<float>().ToArray(),
            gradient,
            Reduction.Mean);

        Close.Assert([expected.item<float>()], [loss], Close.Float32, "loss");
        Close.Assert(LossRun.ToDoubles(input.grad!), gradient.Select(g => (double)g).ToArray(), Close.Float32, "gradient");
        Assert.Equal(loss, BinaryCrossEntropyKernel.Forward(input.detach().data<float>().ToArray(), target.data<float>().ToArray(), weight.data<float>().ToArray(), posWeight.data<float>().ToArray(), default, Reduction.Mean));
    }

    [Fact]
    public void Unreduced_writes_each_loss_and_its_derivative()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(13);
        var input = (torch.randn(999, dtype: ScalarType.Float64) * 30).requires_grad_(true);
        var target = torch.rand(999, dtype: ScalarType.Float64);
        var posWeight = torch.tensor(new[] { 4.0 });
        var expected = nn.functional.binary_cross_entropy_with_logits(input, target, null, Reduction.None, posWeight);
        expected.sum().backward();

        var losses = new double[999];
        var gradient = new double[999];
        BinaryCrossEntropyKernel.ForwardUnreduced(input.detach().data<double>().ToArray(), target.data<double>().ToArray(), [4.0], losses, gradient);
        Close.Assert(LossRun.ToDoubles(expected), losses, Close.Float64, "losses");
        Close.Assert(LossRun.ToDoubles(input.grad!), gradient, Close.Float64, "derivatives");
    }

    [Fact]
    public void Mismatched_spans_are_refused_with_the_reason()
    {
        float[] four = [1, 2, 3, 4];
        float[] three = [1, 2, 3];
        var e = Assert.Throws<ArgumentException>(() => BinaryCrossEntropyKernel.Forward(four, three, default, default, Reduction.Mean));
        Assert.Equal("targets", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => BinaryCrossEntropyKernel.Forward(four, four, three, default, Reduction.Mean));
        Assert.Equal("posWeight", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => BinaryCrossEntropyKernel.Forward(four, four, default, new float[3], Reduction.Mean));
        Assert.Equal("gradient", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => BinaryCrossEntropyKernel.Forward(four, four, default, default, Reduction.None));
        Assert.Contains(nameof(BinaryCrossEntropyKernel.ForwardUnreduced), e.Message);
        e = Assert.Throws<ArgumentException>(() => BinaryCrossEntropyKernel.ForwardUnreduced(four, four, default, new float[2], default));
        Assert.Equal("losses", e.ParamName);
    }

    [Fact]
    public void The_mean_of_nothing_is_NaN_as_in_torch()
    {
        Assert.True(double.IsNaN(BinaryCrossEntropyKernel.Forward(ReadOnlySpan<float>.Empty, default, default, default, Reduction.Mean)));
        Assert.Equal(0.0, BinaryCrossEntropyKernel.Forward(ReadOnlySpan<float>.Empty, default, default, default, Reduction.Sum));
    }
}
