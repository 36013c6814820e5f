using BenchmarkDotNet.Attributes;
using LossAnalyzers.Runtime;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace LossAnalyzers.Benchmarks;

/// <summary>Forward alone under no_grad at 2^20 elements (evaluation): no gradient is computed.</summary>
[BenchmarkCategory("forward, no_grad")]
public class ForwardOnlyBenchmarks
{
    private BceTensors data = null!;
    private BCEWithLogitsLoss torchLoss = null!;
    private ValidatedBCEWithLogitsLoss validatedLoss = null!;

    /// <summary>Elements.</summary>
    [Params(1 << 20)]
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
    public float TorchSharp()
    {
        using var noGrad = torch.no_grad();
        using var loss = torchLoss.forward(data.Input, data.Target);
        return loss.item<float>();
    }

    [Benchmark(Description = "ValidatedLoss (fused)")]
    public float Fused()
    {
        using var noGrad = torch.no_grad();
        using var loss = validatedLoss.forward(data.Input, data.Target);
        return loss.item<float>();
    }
}
