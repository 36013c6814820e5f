using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LossAnalyzers.AnalyzerBenchmarks;

/// <summary>
/// What a squiggle costs in the editor: after a one-line edit the IDE makes a new compilation (unchanged trees are
/// shared, nothing bound is) and asks the analyzers for the edited document's semantic diagnostics. This mode replays
/// that: a project of dense loss code, then one edit after another in a rotating file, each in a fresh compilation made
/// by <c>ReplaceSyntaxTree</c>, timing <c>GetAnalyzerSemanticDiagnosticsAsync</c> on the edited tree with the driver's
/// own account of the time inside the analyzers (one thread), and the wall time of the same call with an empty analyzer
/// beside it.
/// </summary>
public static class EditorCost
{
    public static void Run(int files, int edits)
    {
        var trees = GeneratedCompilation.Parse(ProjectGenerator.Generate(files, dense: true));
        var loss = GeneratedCompilation.LossAnalyzers();
        var empty = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());
        var compilation = GeneratedCompilation.Create(trees, concurrent: false);

        // The IDE has seen the project before the first edit: bind it once, as a build would have.
        Analyze(compilation, trees[0], loss);

        var analyzerTimes = new List<double>();
        var withWall = new List<double>();
        var emptyWall = new List<double>();
        for (var edit = 0; edit < edits; edit++)
        {
            var index = edit * 37 % trees.Length;
            var edited = Edit(trees[index], edit);
            compilation = compilation.ReplaceSyntaxTree(trees[index], edited);
            trees[index] = edited;

            // The same edit measured twice in fresh compilations: with LossAnalyzers, and with an analyzer that does nothing.
            var (spent, wall) = Analyze(compilation.Clone(), edited, loss);
            var (_, floor) = Analyze(compilation.Clone(), edited, empty);
            analyzerTimes.Add(spent);
            if (Environment.GetEnvironmentVariable("EDIT_VERBOSE") is { Length: > 0 })
            {
                Console.WriteLine($"edit {edit,3} in {edited.FilePath}: {spent,7:F1} ms");
            }

            withWall.Add(wall);
            emptyWall.Add(floor);
        }

        Console.WriteLine($"{files} files ({ProjectGenerator.CountLines(trees.Select(t => (t.FilePath, t.ToString())).ToList())} lines), {edits} one-line edits, one fresh compilation each");
        Console.WriteLine($"analyzer time (driver's account):   median {Percentile(analyzerTimes, 0.5),7:F1} ms   90th percentile {Percentile(analyzerTimes, 0.9),7:F1} ms   max {analyzerTimes.Max(),7:F1} ms");
        Console.WriteLine($"call with LossAnalyzers (wall):      median {Percentile(withWall, 0.5),7:F1} ms   90th percentile {Percentile(withWall, 0.9),7:F1} ms   max {withWall.Max(),7:F1} ms");
        Console.WriteLine($"call with an empty analyzer (wall):  median {Percentile(emptyWall, 0.5),7:F1} ms   90th percentile {Percentile(emptyWall, 0.9),7:F1} ms   max {emptyWall.Max(),7:F1} ms");
    }

    /// <summary>A one-line edit inside a method body: a statement that changes nothing, appended after the first opening brace of a method.</summary>
    private static SyntaxTree Edit(SyntaxTree tree, int edit)
    {
        var text = tree.GetText();
        var source = text.ToString();
        var at = source.IndexOf("    {\n        ", source.IndexOf("(", StringComparison.Ordinal), StringComparison.Ordinal);
        at = at < 0 ? source.LastIndexOf('}') : at + "    {\n".Length;
        var change = new TextChange(new TextSpan(at, 0), $"        var edit{edit} = {edit};\n");
        return tree.WithChangedText(text.WithChanges(change));
    }

    private static (double AnalyzerMs, double WallMs) Analyze(Compilation compilation, SyntaxTree tree, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var run = compilation.WithAnalyzers(analyzers, options);
        var clock = Stopwatch.StartNew();
        run.GetAnalyzerSemanticDiagnosticsAsync(run.Compilation.GetSemanticModel(tree), null, CancellationToken.None).GetAwaiter().GetResult();
        var wall = clock.Elapsed.TotalMilliseconds;
        var spent = analyzers.Sum(a => run.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds);
        return (spent, wall);
    }

    private static double Percentile(List<double> values, double fraction)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
    }
}
