using BenchmarkDotNet.Attributes;
using LossAnalyzers.Runtime;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace LossAnalyzers.Benchmarks;

/// <summary>Forward plus loss.backward(), float32, mean, pos_weight [1]: TorchSharp's loss against the fused one.</summary>
[BenchmarkCategory("forward+backward")]
public class ForwardBackwardBenchmarks
{
    private BceTensors data = null!;
    private BCEWithLogitsLoss torchLoss = null!;
    private ValidatedBCEWithLogitsLoss validatedLoss = null!;

    /// <summary>Elements: 2^12, 2^16, 2^20, 2^24.</summary>
    [Params(1 << 12, 1 << 16, 1 << 20, 1 << 24)]
    public int N { get; set; }

    /// <summary>libtorch's threads and the fused kernel's.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        BinaryCrossEntropyKernel.MaxDegreeOfParallelism = Threads;
        data = new BceTensors(N);
        torchLoss = nn.BCEWithLogitsLoss(pos_weights: data.PosWeight);
        validatedLoss = ValidatedLoss.BCEWithLogitsLoss(pos_weights: data.PosWeight);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        torchLoss.Dispose();
        validatedLoss.Dispose();
        data.Dispose();
    }

    [Benchmark(Baseline = true, Description = "TorchSharp BCEWithLogitsLoss")]
    public void TorchSharp()
    {
        using var loss = torchLoss.forward(data.Input, data.Target);
        loss.backward();
    }

    [Benchmark(Description = "ValidatedLoss (fused)")]
    public void Fused()
    {
        using var loss = validatedLoss.forward(data.Input, data.Target);
        loss.backward();
    }
}
