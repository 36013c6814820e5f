using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;
using LossAnalyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;

namespace LossAnalyzers.Tests.FixOracle;

/// <summary>
/// Applies every code fix the package offers to one program, in-process as an IDE or <c>dotnet format</c> does: each
/// diagnostic's registered actions alone, then Fix All in document, project and solution with the first diagnostic's
/// equivalence key. A provider that throws, and a fixed program with a compile error the original did not have, are
/// failures.
/// </summary>
internal sealed class FixOracleRun
{
    /// <summary>The rules some provider fixes.</summary>
    public static IEnumerable<string> FixableRules => AllProviders.Value.SelectMany(p => p.FixableDiagnosticIds).Distinct();

    private static readonly Lazy<ImmutableArray<CodeFixProvider>> AllProviders = new(() =>
        typeof(SolutionCodeFix).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray());

    private readonly OracleProgram program;
    private readonly string folder;

    public FixOracleRun(OracleProgram program, int index)
    {
        this.program = program;
        folder = $"/oracle/{index}/";
    }

    /// <summary>The folder the program's files live in; failures reported elsewhere are not this run's.</summary>
    public string Folder => folder;

    public ConcurrentDictionary<string, int> SingleFixes { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> FixAllRuns { get; } = new(StringComparer.Ordinal);

    public List<string> Failures { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var workspace = new AdhocWorkspace();
        var project = CreateProject(workspace);
        var compilation = (await project.GetCompilationAsync(cancellationToken))!;
        var errorsBefore = Errors(compilation);
        var (diagnostics, exceptions) = await AnalyzerRun.AnalyzeAsync(compilation);
        foreach (var exception in exceptions)
        {
            Failures.Add($"analyzer exception: {exception}");
        }

        foreach (var rule in diagnostics.Where(d => d.Location.IsInSource).GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var provider in AllProviders.Value.Where(p => p.FixableDiagnosticIds.Contains(rule.Key)))
            {
                CodeAction? first = null;
                Diagnostic? firstDiagnostic = null;
                foreach (var diagnostic in rule)
                {
                    foreach (var action in await RegisteredAsync(provider, project, diagnostic, cancellationToken))
                    {
                        if (await ApplyAsync(action, project, errorsBefore, $"{rule.Key} at {Describe(diagnostic)}", cancellationToken))
                        {
                            SingleFixes.AddOrUpdate(rule.Key, 1, (_, n) => n + 1);
                        }

                        if (first is null)
                        {
                            first = action;
                            firstDiagnostic = diagnostic;
                        }
                    }
                }

                if (first is null || provider.GetFixAllProvider() is not { } fixAll)
                {
                    continue;
                }

                foreach (var scope in new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution })
                {
                    var context = new FixAllContext(
                        project.GetDocument(firstDiagnostic!.Location.SourceTree)!,
                        provider,
                        scope,
                        first.EquivalenceKey,
                        new[] { rule.Key },
                        new KnownDiagnostics(rule.ToImmutableArray()),
                        cancellationToken);
                    CodeAction? action;
                    try
                    {
                        action = await fixAll.GetFixAsync(context);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        Failures.Add($"Fix All ({scope}) of {rule.Key} threw: {exception}");
                        continue;
                    }

                    if (action is not null && await ApplyAsync(action, project, errorsBefore, $"Fix All ({scope}) of {rule.Key}", cancellationToken))
                    {
                        FixAllRuns.AddOrUpdate(rule.Key, 1, (_, n) => n + 1);
                    }
                }
            }
        }
    }

    private Project CreateProject(AdhocWorkspace workspace)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "Oracle",
            "Oracle",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: References.All));
        for (var i = 0; i < program.Sources.Count; i++)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), $"File{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(program.Sources[i]), filePath: $"{folder}File{i}.cs");
        }

        return solution.GetProject(projectId)!;
    }

    private async Task<IReadOnlyList<CodeAction>> RegisteredAsync(CodeFixProvider provider, Project project, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        try
        {
            var document = project.GetDocument(diagnostic.Location.SourceTree)!;
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Failures.Add($"{provider.GetType().Name} threw registering a fix for {diagnostic.Id} at {Describe(diagnostic)}: {exception}");
        }

        return actions;
    }

    /// <summary>Applies one action; true when it changed the program, which must then compile with no new error.</summary>
    private async Task<bool> ApplyAsync(CodeAction action, Project project, IReadOnlyDictionary<string, int> errorsBefore, string what, CancellationToken cancellationToken)
    {
        ImmutableArray<CodeActionOperation> operations;
        try
        {
            operations = await action.GetOperationsAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Failures.Add($"{what}: computing the fix threw: {exception}");
            return false;
        }

        var changed = operations.OfType<ApplyChangesOperation>().SingleOrDefault()?.ChangedSolution.GetProject(project.Id);
        if (changed is null || changed.Solution.GetChanges(project.Solution).GetProjectChanges().All(p => !p.GetChangedDocuments().Any()))
        {
            return false;
        }

        var compilation = (await changed.GetCompilationAsync(cancellationToken))!;
        var errorsAfter = Errors(compilation);
        var added = errorsAfter.Where(e => e.Value > errorsBefore.GetValueOrDefault(e.Key)).Select(e => e.Key).ToList();
        if (added.Count > 0)
        {
            var messages = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error && added.Contains(d.Id)).Take(3);
            var texts = new List<string>();
            foreach (var document in changed.Documents)
            {
                texts.Add((await document.GetTextAsync(cancellationToken)).ToString());
            }

            Failures.Add($"{what}: the fixed program has new errors:\n  {string.Join("\n  ", messages)}\n--- fixed ---\n{string.Join("\n--- next file ---\n", texts)}");
        }

        return true;
    }

    private static Dictionary<string, int> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());

    private static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
    }

    /// <summary>The diagnostics the analyzers reported on the original program: what Fix All fixes.</summary>
    private sealed class KnownDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> diagnostics;

        public KnownDiagnostics(ImmutableArray<Diagnostic> diagnostics) => this.diagnostics = diagnostics;

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return diagnostics.Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
