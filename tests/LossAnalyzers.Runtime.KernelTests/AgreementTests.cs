using LossAnalyzers.Runtime.KernelTests.Infrastructure;

namespace LossAnalyzers.Runtime.KernelTests;

/// <summary>The fused loss and its autograd gradient against TorchSharp's BCEWithLogitsLoss on random cases.</summary>
public sealed class AgreementTests
{
    [Theory]
    [InlineData(ScalarType.Float32, 160)]
    [InlineData(ScalarType.Float64, 80)]
    public void Loss_and_gradient_match_TorchSharp(ScalarType dtype, int cases)
    {
        var random = new Random(20240611 + (int)dtype);
        for (int k = 0; k < cases; k++)
        {
            using var c = BceCase.Random(random, dtype);
            AssertAgrees(c, Close.For(dtype));
        }
    }

    [Theory]
    [InlineData("Avx512")]
    [InlineData("Avx2")]
    [InlineData("Scalar")]
    public void Every_vector_path_matches_TorchSharp(string pathName)
    {
        var path = Enum.Parse<VectorPath>(pathName);
        using var forced = new KernelSwitch(path);
        Assert.Equal(path, KernelSettings.EffectivePath);   // the machine these tests run on has AVX-512
        var random = new Random(7 + (int)path);
        for (int k = 0; k < 60; k++)
        {
            var dtype = k % 3 == 2 ? ScalarType.Float64 : ScalarType.Float32;
            using var c = BceCase.Random(random, dtype);
            AssertAgrees(c, Close.For(dtype));
        }
    }

    [Fact]
    public void The_vector_paths_agree_with_each_other()
    {
        var random = new Random(99);
        for (int k = 0; k < 40; k++)
        {
            var dtype = k % 2 == 0 ? ScalarType.Float32 : ScalarType.Float64;
            using var c = BceCase.Random(random, dtype);
            LossRun Under(VectorPath path)
            {
                using var forced = new KernelSwitch(path);
                return LossRun.Fused(c);
            }

            var wide = Under(VectorPath.Avx512);
            foreach (var path in new[] { VectorPath.Avx2, VectorPath.Scalar })
            {
                var narrow = Under(path);
                Close.Assert(wide.Loss, narrow.Loss, Close.For(dtype), $"{c} loss, {path} against AVX-512");
                Close.Assert(wide.Gradient, narrow.Gradient, Close.For(dtype), $"{c} gradient, {path} against AVX-512");
            }
        }
    }

    [Fact]
    public void Large_inputs_that_are_split_over_threads_match_TorchSharp()
    {
        using var threads = new KernelSwitch(VectorPath.Auto, threads: 2);
        var random = new Random(5);
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            using var c = BceCase.Random(random, dtype, maxElements: 300_000);
            AssertAgrees(c, Close.For(dtype));
        }
    }

    /// <summary>
    /// float64: against TorchSharp's float64 loss. float32: against TorchSharp's loss on the same inputs in float64
    /// (exact to ~1e-15) within the contract's tolerance, and against TorchSharp's float32 loss within that tolerance
    /// plus TorchSharp's own float32 error.
    /// </summary>
    internal static void AssertAgrees(BceCase c, (double Relative, double Absolute) tolerance)
    {
        var torch = LossRun.Torch(c);
        var actual = LossRun.Fused(c);
        if (!FusedBce.Takes(c.Input, c.Target, c.Weight, c.PosWeight))
        {
            // Routed to libtorch (a per-row weight): the very same computation.
            Close.Assert(torch.Loss, actual.Loss, (0, 0), $"{c} loss");
            Close.Assert(torch.Gradient, actual.Gradient, (0, 0), $"{c} gradient");
            return;
        }

        if (c.Input.dtype == ScalarType.Float64)
        {
            Close.Assert(torch.Loss, actual.Loss, tolerance, $"{c} loss");
            Close.Assert(torch.Gradient, actual.Gradient, tolerance, $"{c} gradient");
            return;
        }

        using var wide = c.InFloat64();
        var exact = LossRun.Torch(wide);
        Close.AssertBoth(exact.Loss, torch.Loss, actual.Loss, tolerance, $"{c} loss");
        Close.AssertBoth(exact.Gradient, torch.Gradient, actual.Gradient, tolerance, $"{c} gradient");
    }
}
