using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.AnalyzerBenchmarks;

/// <summary>
/// Compile time of the generated project through <see cref="CompilationWithAnalyzers"/>: with an analyzer that does
/// nothing (the baseline: the compiler's own work) and with every LossAnalyzers analyzer, side by side, at 100, 250
/// and 500 files. Each run starts from a fresh compilation of already parsed trees, so no semantic cache carries over.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerOverheadBenchmarks
{
    private SyntaxTree[] trees = Array.Empty<SyntaxTree>();
    private ImmutableArray<DiagnosticAnalyzer> lossAnalyzers;
    private ImmutableArray<DiagnosticAnalyzer> emptyAnalyzer;

    [Params(100, 250, 500)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        trees = GeneratedCompilation.Parse(ProjectGenerator.Generate(Files));
        lossAnalyzers = GeneratedCompilation.LossAnalyzers();
        emptyAnalyzer = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());
    }

    [Benchmark(Baseline = true, Description = "compiler + empty analyzer")]
    public int Baseline() => GeneratedCompilation.Analyze(trees, emptyAnalyzer);

    [Benchmark(Description = "compiler + LossAnalyzers")]
    public int WithLossAnalyzers() => GeneratedCompilation.Analyze(trees, lossAnalyzers);
}
