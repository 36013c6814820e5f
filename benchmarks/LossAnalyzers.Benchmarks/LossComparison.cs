using BenchmarkDotNet.Attributes;
using LossAnalyzers.Runtime;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace LossAnalyzers.Benchmarks;

/// <summary>
/// TorchSharp's BCEWithLogitsLoss and the validated (fused) one on the same data, at the thread counts of the
/// contract; each benchmark class says what a call does and at which sizes.
/// </summary>
public abstract class LossComparison
{
    /// <summary>libtorch's threads and the fused kernel's.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    protected BceTensors Data { get; private set; } = null!;

    protected BCEWithLogitsLoss TorchLoss { get; private set; } = null!;

    protected ValidatedBCEWithLogitsLoss ValidatedLoss { get; private set; } = null!;

    /// <summary>Elements of the input.</summary>
    protected abstract int Length { get; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        BinaryCrossEntropyKernel.MaxDegreeOfParallelism = Threads;
        Data = new BceTensors(Length);
        TorchLoss = nn.BCEWithLogitsLoss(pos_weights: Data.PosWeight);
        ValidatedLoss = Runtime.ValidatedLoss.BCEWithLogitsLoss(pos_weights: Data.PosWeight);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        TorchLoss.Dispose();
        ValidatedLoss.Dispose();
        Data.Dispose();
    }
}
