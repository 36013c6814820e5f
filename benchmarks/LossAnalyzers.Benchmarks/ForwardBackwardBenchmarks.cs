using BenchmarkDotNet.Attributes;

namespace LossAnalyzers.Benchmarks;

/// <summary>Forward plus loss.backward(), float32, mean, pos_weight [1]: TorchSharp's loss against the fused one.</summary>
[BenchmarkCategory("forward+backward")]
public class ForwardBackwardBenchmarks : LossComparison
{
    /// <summary>Elements: 2^12, 2^16, 2^20, 2^24.</summary>
    [Params(1 << 12, 1 << 16, 1 << 20, 1 << 24)]
    public int N { get; set; }

    protected override int Length => N;

    [Benchmark(Baseline = true, Description = "TorchSharp BCEWithLogitsLoss")]
    public void TorchSharp()
    {
        using var loss = TorchLoss.forward(Data.Input, Data.Target);
        loss.backward();
    }

    [Benchmark(Description = "ValidatedLoss (fused)")]
    public void Fused()
    {
        using var loss = ValidatedLoss.forward(Data.Input, Data.Target);
        loss.backward();
    }
}
