using LossAnalyzers.Runtime.KernelTests.Infrastructure;

namespace LossAnalyzers.Runtime.KernelTests;

/// <summary>Which calls the fused kernel takes; the rest go to libtorch and give its results.</summary>
public sealed class RoutingTests
{
    [Fact]
    public void Contiguous_cpu_float_tensors_with_periodic_weights_are_fused()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.randn(8, 5, 3);
        var target = torch.rand(8, 5, 3);
        Assert.True(FusedBce.Takes(input, target, null, null));
        Assert.True(FusedBce.Takes(input, target, torch.rand(3), torch.rand(3)));
        Assert.True(FusedBce.Takes(input, target, torch.rand(5, 3), torch.rand(1)));
        Assert.True(FusedBce.Takes(input, target, torch.rand(1, 1, 3), null));
        Assert.True(FusedBce.Takes(input, target, torch.rand(8, 5, 3), null));
        Assert.True(FusedBce.Takes(input, target, torch.tensor(2f), null));
        Assert.True(FusedBce.Takes(input.to_type(ScalarType.Float64), target.to_type(ScalarType.Float64), null, null));
    }

    [Fact]
    public void Other_layouts_dtypes_and_weights_go_to_libtorch()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.randn(8, 5, 3);
        var target = torch.rand(8, 5, 3);
        Assert.False(FusedBce.Takes(input.transpose(0, 1), target.transpose(0, 1), null, null));
        Assert.False(FusedBce.Takes(input.to_type(ScalarType.Float16), target.to_type(ScalarType.Float16), null, null));
        Assert.False(FusedBce.Takes(input.to_type(ScalarType.BFloat16), target.to_type(ScalarType.BFloat16), null, null));
        Assert.False(FusedBce.Takes(input, target, torch.rand(8, 5, 1), null));          // per-row weight
        Assert.False(FusedBce.Takes(input, target, torch.rand(3).to_type(ScalarType.Float64), null));
        Assert.False(FusedBce.Takes(input, target.requires_grad_(true), null, null));
        Assert.False(FusedBce.Takes(torch.empty(0, 3), torch.empty(0, 3), null, null));
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void Half_precision_gives_libtorch_results(ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(8);
        var input = torch.randn(50, 4).to_type(dtype);
        var target = torch.rand(50, 4).to_type(dtype);
        var expected = nn.functional.binary_cross_entropy_with_logits(input, target, null, Reduction.Mean, null);
        var actual = BceWithLogitsCompute.Compute(input, target, null, null, Reduction.Mean);
        Assert.Equal(dtype, actual.dtype);
        Assert.Equal(expected.to_type(ScalarType.Float32).item<float>(), actual.to_type(ScalarType.Float32).item<float>());
    }

    [Fact]
    public void Non_contiguous_input_gives_libtorch_results()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(9);
        var input = torch.randn(4, 30).t().requires_grad_(true);
        var target = torch.rand(30, 4);
        var expected = nn.functional.binary_cross_entropy_with_logits(input, target, null, Reduction.Sum, null);
        var actual = BceWithLogitsCompute.Compute(input, target, null, null, Reduction.Sum);
        Assert.Equal(expected.item<float>(), actual.item<float>(), 1e-5f);
    }
}
