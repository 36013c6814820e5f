using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Robustness;

/// <summary>With concurrent execution the analyzers give the same diagnostics every time: no shared mutable state.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Twenty_concurrent_runs_of_one_compilation_give_identical_diagnostics()
    {
        // The sample is one project that exercises every rule across files.
        var sources = Directory.EnumerateFiles(Path.Combine(Repository.Root, "samples", "SeedMisuses"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .Prepend("global using System; global using System.Linq; global using System.Collections.Generic;")
            .ToList();
        var compilation = AnalyzerRun.Compile(sources, withTorchSharp: true, name: "SeedMisuses");

        var runs = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var (diagnostics, exceptions) = await AnalyzerRun.AnalyzeAsync(compilation, concurrent: true);
            Assert.Empty(exceptions);
            return diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()}").OrderBy(s => s, StringComparer.Ordinal).ToList();
        }));

        Assert.True(runs[0].Count >= 16, $"Only {runs[0].Count} diagnostics on the sample: the comparison would prove little.");
        foreach (var run in runs.Skip(1))
        {
            Assert.Equal(runs[0], run);
        }
    }
}
