using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.AnalyzerBenchmarks;

/// <summary>
/// Compile time of the generated project through <see cref="CompilationWithAnalyzers"/> (every compiler and analyzer
/// diagnostic): with an analyzer that registers nothing (the baseline), with analyzers that register actions and do
/// nothing in them (what the driver costs any analyzer), and with every LossAnalyzers analyzer, side by side, at 100,
/// 250 and 500 files. Each run starts from a fresh compilation of already parsed trees, so no semantic cache carries
/// over. Compiler and driver run on one thread: the ratios are CPU work, not scheduling luck on a small machine.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class AnalyzerOverheadBenchmarks
{
    private SyntaxTree[] trees = Array.Empty<SyntaxTree>();
    private ImmutableArray<DiagnosticAnalyzer> lossAnalyzers;

    [Params(100, 250, 500)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        trees = GeneratedCompilation.Parse(ProjectGenerator.Generate(Files));
        lossAnalyzers = GeneratedCompilation.LossAnalyzers();
    }

    [Benchmark(Baseline = true, Description = "empty analyzer")]
    public int Baseline() => Run(new EmptyAnalyzer());

    [Benchmark(Description = "no-op syntax tree action")]
    public int TreeActionFloor() => Run(new NoOpTreeAnalyzer());

    [Benchmark(Description = "no-op semantic model walk")]
    public int SemanticModelFloor() => Run(new NoOpSemanticModelWalkAnalyzer());

    [Benchmark(Description = "no-op operation actions")]
    public int OperationFloor() => Run(new NoOpOperationAnalyzer());

    [Benchmark(Description = "LossAnalyzers")]
    public int WithLossAnalyzers() => GeneratedCompilation.Analyze(trees, lossAnalyzers, concurrent: false);

    private int Run(DiagnosticAnalyzer analyzer) => GeneratedCompilation.Analyze(trees, ImmutableArray.Create(analyzer), concurrent: false);
}
