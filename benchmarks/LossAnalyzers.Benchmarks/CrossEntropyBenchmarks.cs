using BenchmarkDotNet.Attributes;
using LossAnalyzers.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LossAnalyzers.Benchmarks;

/// <summary>
/// Forward plus loss.backward(), float32 [N, C] scores, Int64 labels, mean: TorchSharp's CrossEntropyLoss against the
/// validated one (its checks, the label-range check included, then the fused kernel), at one and two threads.
/// </summary>
[BenchmarkCategory("cross-entropy forward+backward")]
public class CrossEntropyBenchmarks
{
    private Tensor input = null!;
    private Tensor labels = null!;
    private CrossEntropyLoss torchLoss = null!;
    private ValidatedCrossEntropyLoss validatedLoss = null!;

    /// <summary>Rows x classes: [64, 10], [65536, 10], [4096, 1000].</summary>
    [Params("64x10", "65536x10", "4096x1000")]
    public string Shape { get; set; } = "64x10";

    /// <summary>libtorch's threads and the fused kernel's.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        BinaryCrossEntropyKernel.MaxDegreeOfParallelism = Threads;
        var parts = Shape.Split('x');
        long rows = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        long classes = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        torch.manual_seed(15);
        input = (randn(rows, classes) * 2).requires_grad_();
        labels = randint(0, classes, new[] { rows });
        torchLoss = nn.CrossEntropyLoss();
        validatedLoss = ValidatedLoss.CrossEntropyLoss();
    }

    [Benchmark(Baseline = true, Description = "TorchSharp CrossEntropyLoss")]
    public void TorchSharp()
    {
        using var loss = torchLoss.forward(input, labels);
        loss.backward();
    }

    [Benchmark(Description = "ValidatedLoss.CrossEntropyLoss (fused)")]
    public void Fused()
    {
        using var loss = validatedLoss.forward(input, labels);
        loss.backward();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        torchLoss.Dispose();
        validatedLoss.Dispose();
        input.Dispose();
        labels.Dispose();
    }
}
