using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace LossAnalyzers.Benchmarks;

/// <summary>Forward alone under no_grad at 2^20 elements (evaluation): no gradient is computed.</summary>
[BenchmarkCategory("forward, no_grad")]
public class ForwardOnlyBenchmarks : LossComparison
{
    /// <summary>Elements.</summary>
    [Params(1 << 20)]
    public int N { get; set; }

    protected override int Length => N;

    [Benchmark(Baseline = true, Description = "TorchSharp BCEWithLogitsLoss")]
    public float TorchSharp()
    {
        using var noGrad = torch.no_grad();
        using var loss = TorchLoss.forward(Data.Input, Data.Target);
        return loss.item<float>();
    }

    [Benchmark(Description = "ValidatedLoss (fused)")]
    public float Fused()
    {
        using var noGrad = torch.no_grad();
        using var loss = ValidatedLoss.forward(Data.Input, Data.Target);
        return loss.item<float>();
    }
}
