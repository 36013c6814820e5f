using System.Collections.Immutable;
using LossAnalyzers.Cli.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.Cli.Fixing;

/// <summary>
/// Applies the package's code fixes the way <c>dotnet format analyzers</c> does: rule by rule, Fix All in the solution
/// with the equivalence key of the first diagnostic that offers an action, each rule on the solution the previous one
/// left.
/// </summary>
internal sealed class FixEngine
{
    private readonly PackageRules rules;
    private readonly Func<Solution, ImmutableHashSet<string>, CancellationToken, Task<SolutionAnalysis.Result>> analyze;

    public FixEngine(PackageRules rules, Func<Solution, ImmutableHashSet<string>, CancellationToken, Task<SolutionAnalysis.Result>> analyze)
    {
        this.rules = rules;
        this.analyze = analyze;
    }

    public sealed record Applied(string Rule, int Diagnostics);

    /// <returns>The fixed solution and, per rule, how many diagnostics its Fix All was given.</returns>
    public async Task<(Solution Solution, IReadOnlyList<Applied> Applied, IReadOnlyList<string> Problems)> FixAsync(Solution solution, ImmutableHashSet<string> selected, CancellationToken cancellationToken)
    {
        var applied = new List<Applied>();
        var problems = new List<string>();
        foreach (var rule in selected.OrderBy(r => r, StringComparer.Ordinal))
        {
            var provider = rules.Fixers.FirstOrDefault(f => f.FixableDiagnosticIds.Contains(rule));
            if (provider is null)
            {
                continue;
            }

            var result = await analyze(solution, ImmutableHashSet.Create(rule), cancellationToken);
            problems.AddRange(result.Problems);
            var diagnostics = result.Findings.Select(f => f.Diagnostic).ToImmutableArray();
            if (diagnostics.IsEmpty)
            {
                continue;
            }

            var (action, first) = await FirstActionAsync(solution, provider, diagnostics, cancellationToken);
            if (action is null || first is null || provider.GetFixAllProvider() is not { } fixAll)
            {
                continue;
            }

            var context = new FixAllContext(
                solution.GetDocument(first.Location.SourceTree)!,
                provider,
                FixAllScope.Solution,
                action.EquivalenceKey,
                new[] { rule },
                new KnownDiagnostics(diagnostics),
                cancellationToken);
            var fixAllAction = await fixAll.GetFixAsync(context);
            if (fixAllAction is null)
            {
                continue;
            }

            var operations = await fixAllAction.GetOperationsAsync(cancellationToken);
            if (operations.OfType<ApplyChangesOperation>().FirstOrDefault() is { } change)
            {
                solution = change.ChangedSolution;
                applied.Add(new Applied(rule, diagnostics.Length));
            }
        }

        return (solution, applied, problems);
    }

    /// <summary>The first action any diagnostic of the rule offers (dotnet format uses the first diagnostic's).</summary>
    private static async Task<(CodeAction? Action, Diagnostic? Diagnostic)> FirstActionAsync(Solution solution, CodeFixProvider provider, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (solution.GetDocument(diagnostic.Location.SourceTree) is not { } document)
            {
                continue;
            }

            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken));
            if (actions.Count > 0 && actions[0].EquivalenceKey is not null)
            {
                return (actions[0], diagnostic);
            }
        }

        return (null, null);
    }

    /// <summary>The diagnostics of the rule being fixed, as Fix All asks for them by document and project.</summary>
    private sealed class KnownDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> diagnostics;

        public KnownDiagnostics(ImmutableArray<Diagnostic> diagnostics) => this.diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => project.Documents.Any(doc => doc.FilePath == d.Location.SourceTree?.FilePath)));
    }
}
