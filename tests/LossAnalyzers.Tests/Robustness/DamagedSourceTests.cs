using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace LossAnalyzers.Tests.Robustness;

/// <summary>
/// The analyzers never throw: 2,000 damaged variants of every source the tests and samples use (truncated, tokens
/// deleted or duplicated, braces removed, identifiers renamed, TorchSharp missing) go through every analyzer.
/// </summary>
public sealed class DamagedSourceTests
{
    private const int Variants = 2000;
    private const int Seed = 20261122;

    private readonly ITestOutputHelper output;

    public DamagedSourceTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public async Task No_analyzer_throws_on_damaged_code()
    {
        var corpus = Corpus.All;
        Assert.True(corpus.Count >= 100, $"Only {corpus.Count} sources found: the corpus is not being read.");

        // Draw every variant up front from one seeded generator, so the set does not depend on scheduling.
        var random = new Random(Seed);
        var variants = Enumerable.Range(0, Variants).Select(_ => Damage.Of(corpus[random.Next(corpus.Count)], random)).ToList();

        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            variants.Select((variant, index) => (variant, index)),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (item, _) =>
            {
                var compilation = AnalyzerRun.Compile(new[] { item.variant.Source }, item.variant.WithTorchSharp);
                var (_, exceptions) = await AnalyzerRun.AnalyzeAsync(compilation);
                foreach (var exception in exceptions)
                {
                    failures.Add($"variant {item.index} ({item.variant.Kind}):\n{exception}\n--- source ---\n{item.variant.Source}");
                }
            });

        output.WriteLine($"{variants.Count} variants of {corpus.Count} sources in {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var kind in variants.GroupBy(v => v.Kind.StartsWith("identifier", StringComparison.Ordinal) ? "identifier renamed" : v.Kind).OrderBy(g => g.Key))
        {
            output.WriteLine($"  {kind.Key}: {kind.Count()}");
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} analyzer exceptions:\n\n" + string.Join("\n\n", failures.Take(5)));
    }
}
