using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using LossAnalyzers.Runtime;
using LossAnalyzers.Runtime.Kernel;
using TorchSharp;
using static TorchSharp.torch;

namespace LossAnalyzers.Benchmarks;

/// <summary>
/// The span kernel's forward+gradient at 2^24 elements against the memory floor: a plain vector loop that moves the
/// same bytes (reads logits and targets, writes one float per element) and does no arithmetic to speak of, split
/// over the threads the same way. The floor is the baseline, so the kernel's ratio is its distance from it.
/// </summary>
[BenchmarkCategory("span kernel vs memory floor")]
public unsafe class SpanKernelBenchmarks
{
    private float* logits;
    private float* targets;
    private float* gradient;
    private readonly float[] posWeight = [3f];

    /// <summary>Elements.</summary>
    [Params(1 << 24)]
    public int N { get; set; }

    /// <summary>Threads for both loops.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BinaryCrossEntropyKernel.MaxDegreeOfParallelism = Threads;
        logits = Allocate();
        targets = Allocate();
        gradient = Allocate();
        var random = new Random(42);
        for (int i = 0; i < N; i++)
        {
            logits[i] = (float)(random.NextDouble() * 8 - 4);
            targets[i] = random.Next(2);
            gradient[i] = 0f;   // touch every page before timing
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.AlignedFree(logits);
        NativeMemory.AlignedFree(targets);
        NativeMemory.AlignedFree(gradient);
    }

    [Benchmark(Baseline = true, Description = "memory floor (read 2, write 1)")]
    public void MemoryFloor()
    {
        int blocks = (N + FusedPass.BlockLength - 1) / FusedPass.BlockLength;
        var job = new FloorJob { X = logits, Y = targets, G = gradient, Length = N };
        KernelWorkers.Run(blocks, Threads, &FloorBlock, &job);
    }

    [Benchmark(Description = "fused kernel, loss + gradient")]
    public double Kernel() =>
        BinaryCrossEntropyKernel.Forward(
            new ReadOnlySpan<float>(logits, N),
            new ReadOnlySpan<float>(targets, N),
            posWeight,
            new Span<float>(gradient, N),
            nn.Reduction.Mean);

    private float* Allocate() => (float*)NativeMemory.AlignedAlloc((nuint)N * sizeof(float), 64);

    private static void FloorBlock(void* state, int block)
    {
        var job = (FloorJob*)state;
        long start = (long)block * FusedPass.BlockLength;
        long end = Math.Min(start + FusedPass.BlockLength, job->Length);
        for (long i = start; i < end; i += Vector512<float>.Count)
        {
            (Vector512.Load(job->X + i) - Vector512.Load(job->Y + i)).Store(job->G + i);
        }
    }

    private struct FloorJob
    {
        public float* X;
        public float* Y;
        public float* G;
        public long Length;
    }
}
