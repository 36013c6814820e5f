using LossAnalyzers.Runtime.KernelTests.Infrastructure;

namespace LossAnalyzers.Runtime.KernelTests;

/// <summary>Logits far beyond exp's range, NaN, and targets at and between 0 and 1, on every path.</summary>
public sealed class ExtremeValueTests
{
    public static TheoryData<string, ScalarType> Paths()
    {
        var data = new TheoryData<string, ScalarType>();
        foreach (var path in new[] { "Avx512", "Avx2", "Scalar" })
        {
            data.Add(path, ScalarType.Float32);
            data.Add(path, ScalarType.Float64);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Huge_logits_give_TorchSharp_results(string path, ScalarType dtype)
    {
        using var forced = new KernelSwitch(Enum.Parse<VectorPath>(path));
        double[] logits = [1e4, -1e4, 1e4, -1e4, 1e4, -1e4, 88, -88, 90, -90, 700, -700, 750, -750, 20, -20, 0, -0.0, 1e-30, 3e38];
        foreach (var y in new[] { 0.0, 1.0, 0.3 })
        {
            foreach (var reduction in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
            {
                using var c = Case(logits, y, dtype, reduction, posWeight: 3.0);
                AgreementTests.AssertAgrees(c, Close.For(dtype));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void NaN_logits_give_NaN(string path, ScalarType dtype)
    {
        using var forced = new KernelSwitch(Enum.Parse<VectorPath>(path));
        // 37 elements: the NaNs fall both in full vectors and in the scalar tail.
        var logits = Enumerable.Range(0, 37).Select(i => i % 9 == 4 ? double.NaN : i - 18.0).ToArray();
        foreach (var reduction in new[] { Reduction.Mean, Reduction.None })
        {
            using var c = Case(logits, 1.0, dtype, reduction, posWeight: 2.0);
            var fused = LossRun.Fused(c);
            var torch = LossRun.Torch(c);
            Assert.All(fused.Loss.Zip(torch.Loss), pair => Assert.Equal(double.IsNaN(pair.Second), double.IsNaN(pair.First)));
            Assert.True(double.IsNaN(fused.Loss[reduction == Reduction.None ? 4 : 0]), "the loss of a NaN logit is NaN");
            for (int i = 0; i < logits.Length; i++)
            {
                Assert.Equal(double.IsNaN(torch.Gradient[i]), double.IsNaN(fused.Gradient[i]));
                Assert.Equal(double.IsNaN(logits[i]), double.IsNaN(fused.Gradient[i]));
            }
        }
    }

    [Fact]
    public void Tiny_losses_keep_their_relative_precision()
    {
        // y = 1, x = 30: loss = log1p(e^-30) = 9.357622968840175e-14; the gradient of the sum is -e^-30 / (1 + e^-30).
        float[] logits = [30f, 30f, 30f, 30f, 30f, 30f, 30f, 30f, 30f, 30f, 30f, 30f, 30f, 30f, 30f, 30f, 30f];
        var targets = Enumerable.Repeat(1f, logits.Length).ToArray();
        var gradient = new float[logits.Length];
        double sum = BinaryCrossEntropyKernel.Forward(logits, targets, default, gradient, Reduction.Sum);
        const double Loss = 9.357622968840175e-14;
        Assert.Equal(logits.Length * Loss, sum, logits.Length * Loss * 1e-6);
        Assert.All(gradient, g => Assert.Equal(-Loss, g, Loss * 1e-6));
    }

    private static BceCase Case(double[] logits, double y, ScalarType dtype, Reduction reduction, double posWeight) =>
        BceCase.Of(logits, Enumerable.Repeat(y, logits.Length).ToArray(), dtype, reduction, posWeight);
}
