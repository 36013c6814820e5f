using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.Cli.Analysis;

/// <summary>
/// Runs the package's analyzers on every C# project of a solution that references TorchSharp, with each project's own
/// options (.editorconfig and global configs, NoWarn, warnings as errors, pragmas), as the compiler does in a build.
/// </summary>
internal sealed class SolutionAnalysis
{
    private readonly PackageRules rules;
    private readonly string root;

    public SolutionAnalysis(PackageRules rules, string root)
    {
        this.rules = rules;
        this.root = root;
    }

    public sealed record Result(ImmutableArray<Finding> Findings, IReadOnlyList<string> Analyzed, IReadOnlyList<string> Problems);

    /// <param name="selected">The rules to report.</param>
    /// <param name="minimum">The lowest severity to report.</param>
    public async Task<Result> RunAsync(Solution solution, ImmutableHashSet<string> selected, DiagnosticSeverity minimum, Action<string> progress, CancellationToken cancellationToken)
    {
        var findings = new ConcurrentBag<Finding>();
        var problems = new ConcurrentBag<string>();
        var analyzed = new List<string>();
        foreach (var project in solution.Projects.Where(p => p.Language == LanguageNames.CSharp).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            progress($"Analyzing {project.Name}");
            var compilation = await project.GetCompilationAsync(cancellationToken);
            if (compilation?.GetTypeByMetadataName("TorchSharp.torch") is null)
            {
                // Code that uses TorchSharp without it resolving (no restore, a broken reference) cannot be analyzed: say so
                // rather than report a clean project.
                if (compilation?.GetDiagnostics(cancellationToken).FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error
                        && d.Id is "CS0246" or "CS0234" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("TorchSharp", StringComparison.Ordinal)) is { } unresolved)
                {
                    problems.Add($"{project.Name} uses TorchSharp but it does not resolve ({unresolved.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}). Run `dotnet restore` (or scan without --no-restore).");
                }

                continue;
            }

            analyzed.Add(project.Name);
            var options = new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                onAnalyzerException: (exception, analyzer, diagnostic) => problems.Add($"{analyzer.GetType().Name} failed on {project.Name}: {exception.Message}"),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var withAnalyzers = compilation.WithAnalyzers(rules.Analyzers, options);
            foreach (var diagnostic in await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken))
            {
                if (diagnostic.Id == "AD0001")
                {
                    problems.Add($"{project.Name}: {diagnostic.GetMessage()}");
                    continue;
                }

                if (!selected.Contains(diagnostic.Id) || diagnostic.Severity < minimum || diagnostic.IsSuppressed || !diagnostic.Location.IsInSource)
                {
                    continue;
                }

                findings.Add(new Finding(diagnostic, project.Name, Relative(diagnostic.Location.SourceTree?.FilePath)));
            }
        }

        // A file in several projects (or target frameworks) is one finding.
        var unique = findings
            .GroupBy(f => (f.Id, f.RelativePath, f.Line, f.Column, f.Message))
            .Select(g => g.First())
            .OrderBy(f => f.Id, StringComparer.Ordinal)
            .ThenBy(f => f.RelativePath, StringComparer.Ordinal)
            .ThenBy(f => f.Line)
            .ThenBy(f => f.Column)
            .ToImmutableArray();
        return new Result(unique, analyzed, problems.ToList());
    }

    private string Relative(string? path) =>
        string.IsNullOrEmpty(path) ? string.Empty : Path.GetRelativePath(root, path).Replace('\\', '/');
}
