using System.Collections.Concurrent;
using System.Collections.Immutable;
using LossAnalyzers.Tests.Infrastructure;
using LossAnalyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace LossAnalyzers.Tests.CarrierMatrix;

/// <summary>
/// The analyses are general, not fitted to examples: every flow rule's positive case and its clean twin pass through
/// every carrier of their value (locals, members, objects, records, tuples, helpers, lambdas, extension methods, module
/// forwards, Sequential / ModuleList / ModuleDict, choices, optional parameters, device moves), alone and composed two
/// and three deep. Every positive is reported by its rule on its line and nothing else is reported; every twin gets no
/// diagnostic. Carriers an analysis does not follow are listed in <see cref="NotFollowed"/> with the reason: there a
/// positive may go unreported, but nothing false may be reported either.
/// </summary>
public sealed class CarrierMatrixTests
{
    private const int MinimumPrograms = 3000;
    private const int ProgramsPerCompilation = 30;
    private const int TriplesPerCase = 4;

    /// <summary>Rule (or rule and slot) and carrier that the analysis does not follow, with why.</summary>
    private static readonly IReadOnlyDictionary<(string Case, string Carrier), string> NotFollowed = new Dictionary<(string, string), string>
    {
    };

    /// <summary>Rules that depend on no value flow and so are not in the matrix.</summary>
    public static readonly IReadOnlyDictionary<string, string> RulesOutsideTheMatrix = new Dictionary<string, string>
    {
        ["LOSS013"] = "a literal 0 bound to a ScalarType parameter is read off the call itself; no value travels.",
    };

    private readonly ITestOutputHelper output;

    public CarrierMatrixTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public async Task Every_rule_follows_every_carrier_and_its_twin_stays_clean()
    {
        var programs = Generate().ToList();
        Assert.True(programs.Count >= MinimumPrograms, $"Only {programs.Count} programs generated.");

        var failures = new ConcurrentBag<string>();
        var batches = programs.Chunk(ProgramsPerCompilation).ToList();
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (batch, _) =>
            {
                foreach (var failure in await CheckAsync(batch))
                {
                    failures.Add(failure);
                }
            });

        var byCase = failures.Select(f => f.Split('\n')[0]).GroupBy(f => f.Split(" via ")[0]).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in byCase)
        {
            output.WriteLine($"{group.Key}: {group.Count()} failing programs");
        }

        if (Environment.GetEnvironmentVariable("MATRIX_FAILURES") is { Length: > 0 } dump)
        {
            // For whoever works on the engine: every failure, with its program.
            File.WriteAllText(dump, string.Join("\n\n", failures.OrderBy(f => f, StringComparer.Ordinal)));
        }

        output.WriteLine($"{programs.Count} programs, {programs.Count(p => p.Twin)} twins, {failures.Count} failures; not followed: {NotFollowed.Count} (case, carrier) pairs");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {programs.Count} programs failed. First ones:\n\n" + string.Join("\n\n", failures.OrderBy(f => f, StringComparer.Ordinal).Take(12)));
    }

    [Fact]
    public void Every_flow_rule_is_in_the_matrix()
    {
        var inMatrix = MatrixCases.All.Select(c => c.Rule).ToHashSet(StringComparer.Ordinal);
        var rules = new LossUsageAnalyzer().SupportedDiagnostics.Select(d => d.Id)
            .Concat(new ScalarTypeZeroAnalyzer().SupportedDiagnostics.Select(d => d.Id))
            .Distinct();
        foreach (var rule in rules)
        {
            Assert.True(inMatrix.Contains(rule) || RulesOutsideTheMatrix.ContainsKey(rule), $"{rule} has no case in the carrier matrix.");
        }
    }

    /// <summary>
    /// The positive programs with one carrier: every rule's finding reached through every carrier, for the fix oracle to
    /// apply each fix to (a fix must compile and keep behaviour wherever the finding arrives from).
    /// </summary>
    internal static IEnumerable<(string Name, string Text)> SingleCarrierPositives() =>
        Generate().Where(run => !run.Twin && run.Chain.Length == 1).Select(run => ($"matrix {run.Describe()}", run.Text));

    /// <summary>Every case through every carrier of its kind alone, every ordered pair of carriers (spread over the cases of that kind), and some triples.</summary>
    private static IEnumerable<MatrixRun> Generate()
    {
        var index = 0;
        foreach (var kind in Enum.GetValues<ValueKind>())
        {
            var cases = MatrixCases.All.Where(c => c.Kind == kind).ToList();
            var carriers = Carriers.Of(kind).ToList();
            var chains = new List<(MatrixCase Case, Carrier[] Chain)>();
            foreach (var matrixCase in cases)
            {
                chains.AddRange(carriers.Select(c => (matrixCase, new[] { c })));
            }

            var pair = 0;
            foreach (var first in carriers)
            {
                foreach (var second in carriers)
                {
                    chains.Add((cases[pair++ % cases.Count], new[] { first, second }));
                }
            }

            for (var c = 0; c < cases.Count; c++)
            {
                var random = new Random(20261206 + c + 100 * (int)kind);
                for (var t = 0; t < TriplesPerCase; t++)
                {
                    chains.Add((cases[c], new[] { carriers[random.Next(carriers.Count)], carriers[random.Next(carriers.Count)], carriers[random.Next(carriers.Count)] }));
                }
            }

            foreach (var (matrixCase, chain) in chains)
            {
                yield return Build(matrixCase, chain, twin: false, index++);
                yield return Build(matrixCase, chain, twin: true, index++);
            }
        }
    }

    private static MatrixRun Build(MatrixCase matrixCase, Carrier[] chain, bool twin, int index)
    {
        var program = new MatrixProgram(index);
        if (matrixCase.Setup is { } setup)
        {
            program.Statement(setup);
        }

        var value = new Carried(twin ? matrixCase.TwinCore : matrixCase.Core, matrixCase.CoreIsMemberSafe(twin));
        foreach (var carrier in chain)
        {
            value = carrier.Apply(program, matrixCase.Kind, value);
        }

        var lines = (twin ? matrixCase.TwinTemplate : matrixCase.Template).Replace("{v}", value.Text, StringComparison.Ordinal).Split('\n');
        foreach (var statement in lines.Take(lines.Length - 1))
        {
            program.Statement(statement);
        }

        var text = program.Render(lines[^1]);
        var followed = chain.All(c => !NotFollowed.ContainsKey((matrixCase.Rule, c.Name)) && !NotFollowed.ContainsKey((matrixCase.ToString(), c.Name)));
        return new MatrixRun(matrixCase, chain, twin, followed, $"/matrix/{program.Namespace}.cs", text);
    }

    private static async Task<IReadOnlyList<string>> CheckAsync(MatrixRun[] batch)
    {
        var trees = batch.Select(run => CSharpSyntaxTree.ParseText(run.Text, new CSharpParseOptions(LanguageVersion.Latest), path: run.Path)).ToList();
        var compilation = CSharpCompilation.Create(
            "Matrix",
            trees,
            References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        var failures = new List<string>();
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToLookup(d => d.Location.SourceTree?.FilePath ?? string.Empty);
        var (diagnostics, exceptions) = await AnalyzerRun.AnalyzeAsync(compilation);
        failures.AddRange(exceptions.Select(e => $"analyzer exception in a batch from {batch[0].Path}: {e}"));
        var byFile = diagnostics.ToLookup(d => d.Location.SourceTree?.FilePath ?? string.Empty);
        foreach (var run in batch)
        {
            if (errors[run.Path].Any())
            {
                failures.Add($"{run.Describe()}: the generated program does not compile: {errors[run.Path].First()}\n{run.Text}");
                continue;
            }

            var actual = byFile[run.Path].Select(d => (d.Id, Line: d.Location.GetLineSpan().StartLinePosition.Line + 1)).OrderBy(d => d).ToList();
            var expected = run.Expected().OrderBy(d => d).ToList();
            var matches = actual.SequenceEqual(expected) || (!run.Followed && actual.Count == 0);
            if (!matches)
            {
                failures.Add($"{run.Describe()}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", byFile[run.Path].Select(d => $"{d.Id} line {d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.GetMessage()}"))}]\n{run.Text}");
            }
        }

        return failures;
    }

    private sealed record MatrixRun(MatrixCase Case, Carrier[] Chain, bool Twin, bool Followed, string Path, string Text)
    {
        public string Describe() => $"{Case}{(Twin ? " twin" : string.Empty)} via {string.Join(" > ", Chain.Select(c => c.Name))}";

        /// <summary>The rule on the line of each marker; nothing for a twin.</summary>
        public IEnumerable<(string Id, int Line)> Expected()
        {
            var lines = Text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var at = 0;
                while ((at = lines[i].IndexOf(MatrixProgram.Marker, at, StringComparison.Ordinal)) >= 0)
                {
                    yield return (Case.Rule, i + 1);
                    at += MatrixProgram.Marker.Length;
                }
            }
        }
    }
}
