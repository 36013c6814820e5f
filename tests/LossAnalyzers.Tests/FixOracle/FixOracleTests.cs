using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using LossAnalyzers.CodeFixes;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace LossAnalyzers.Tests.FixOracle;

/// <summary>
/// The fix-side twin of the robustness test: every fix the package offers, on every program the tests and samples
/// hold, on damaged and renamed variants of them, on part of the benchmark's generated project and on every rule's finding
/// through every carrier of the carrier matrix, alone and through
/// Fix All in document, project and solution.
/// No provider may throw or withhold a fix on a failure, and no fixed program may have a compile error it did not
/// have before.
/// </summary>
public sealed class FixOracleTests
{
    private const int DamagedVariants = 300;
    private const int RenamedVariants = 800;
    private const int GeneratedFiles = 200;
    private const int Seed = 20261202;
    private const int MinimumAppliedFixes = 1000;

    private readonly ITestOutputHelper output;

    public FixOracleTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public async Task Every_fix_compiles_and_no_provider_throws()
    {
        var originals = OracleCorpus.Originals();
        Assert.True(originals.Count >= 100, $"Only {originals.Count} programs found: the corpus is not being read.");
        var programs = originals
            .Concat(OracleCorpus.Variants(originals, DamagedVariants, RenamedVariants, Seed))
            .Concat(OracleCorpus.Generated(GeneratedFiles, filesPerProgram: 20))
            .Concat(LossAnalyzers.Tests.CarrierMatrix.CarrierMatrixTests.SingleCarrierPositives().Select(p => new OracleProgram(p.Name, new[] { p.Text })))
            .ToList();

        var withheld = new ConcurrentBag<(string Rule, ImmutableArray<Diagnostic> Diagnostics, Exception Exception)>();
        void OnFailure(string rule, ImmutableArray<Diagnostic> diagnostics, Exception exception) => withheld.Add((rule, diagnostics, exception));
        CodeFixFailures.Raised += OnFailure;

        var runs = programs.Select((program, index) => new FixOracleRun(program, index)).ToList();
        var clock = Stopwatch.StartNew();
        try
        {
            await Parallel.ForEachAsync(
                runs,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                async (run, cancellationToken) => await run.RunAsync(cancellationToken));
        }
        finally
        {
            CodeFixFailures.Raised -= OnFailure;
        }

        var failures = runs.SelectMany(run => run.Failures.Select(failure => $"{programs[runs.IndexOf(run)].Name}: {failure}")).ToList();
        foreach (var (rule, diagnostics, exception) in withheld)
        {
            var path = diagnostics.FirstOrDefault()?.Location.SourceTree?.FilePath ?? string.Empty;
            var run = runs.FirstOrDefault(r => path.StartsWith(r.Folder, StringComparison.Ordinal));
            if (run is not null)
            {
                failures.Add($"{programs[runs.IndexOf(run)].Name}: the {rule} fix failed and was withheld: {exception}");
            }
        }

        var single = Sum(runs.Select(r => r.SingleFixes));
        var fixAll = Sum(runs.Select(r => r.FixAllRuns));
        output.WriteLine($"{programs.Count} programs ({originals.Count} originals, {programs.Count - originals.Count} variants) in {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine("rule     single fixes  Fix All runs");
        foreach (var rule in single.Keys.Union(fixAll.Keys).OrderBy(r => r, StringComparer.Ordinal))
        {
            output.WriteLine($"{rule}  {single.GetValueOrDefault(rule),12}  {fixAll.GetValueOrDefault(rule),12}");
        }

        var applied = single.Values.Sum() + fixAll.Values.Sum();
        output.WriteLine($"applied: {applied} ({single.Values.Sum()} single, {fixAll.Values.Sum()} Fix All)");

        Assert.True(failures.Count == 0, $"{failures.Count} fix failures:\n\n" + string.Join("\n\n", failures.Take(8)));
        Assert.True(applied >= MinimumAppliedFixes, $"Only {applied} fixes were applied (at least {MinimumAppliedFixes} expected): the oracle is not exercising the fixes.");
        var unexercised = FixOracleRun.FixableRules.Where(rule => single.GetValueOrDefault(rule) == 0 || fixAll.GetValueOrDefault(rule) == 0).OrderBy(r => r, StringComparer.Ordinal).ToList();
        Assert.True(unexercised.Count == 0, $"The oracle applied no single fix or no Fix All for {string.Join(", ", unexercised)}: add programs that show those rules.");
    }

    private static Dictionary<string, int> Sum(IEnumerable<ConcurrentDictionary<string, int>> counts)
    {
        var total = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var count in counts)
        {
            foreach (var (rule, n) in count)
            {
                total[rule] = total.GetValueOrDefault(rule) + n;
            }
        }

        return total;
    }
}
