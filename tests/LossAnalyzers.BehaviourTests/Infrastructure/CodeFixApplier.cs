using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>
/// Applies a code fix in-process, the way an IDE does: sources in an <see cref="AdhocWorkspace"/> project, the
/// analyzer's diagnostics of one ID, the provider's registered code action (or its Fix All at solution scope), the
/// <see cref="ApplyChangesOperation"/>'s solution. Afterwards no diagnostic of that ID may be left and the code must
/// compile.
/// </summary>
internal static class CodeFixApplier
{
    /// <summary>Fixes one diagnostic at a time through <see cref="CodeFixProvider.RegisterCodeFixesAsync"/> until none is left.</summary>
    public static async Task<FixedSources> ApplyEachAsync(CodeFixProvider provider, string id, params string[] sources)
    {
        using var workspace = new AdhocWorkspace();
        var (project, documents) = CreateProject(workspace, sources);
        var before = await DiagnosticsBeforeAsync(project, id, sources);

        for (var round = 0; round < before.Length + 2; round++)
        {
            var diagnostics = await AnalyzerDiagnostics.GetAsync(project, id);
            if (diagnostics.IsEmpty)
            {
                break;
            }

            var action = await RegisteredActionAsync(provider, project, diagnostics[0]);
            project = await ApplyAsync(action, project);
        }

        return await CompleteAsync(project, documents, id, before.Length);
    }

    /// <summary>Fixes every diagnostic at once through <see cref="CodeFixProvider.GetFixAllProvider"/> at solution scope.</summary>
    public static async Task<FixedSources> ApplyFixAllAsync(CodeFixProvider provider, string id, params string[] sources)
    {
        using var workspace = new AdhocWorkspace();
        var (project, documents) = CreateProject(workspace, sources);
        var before = await DiagnosticsBeforeAsync(project, id, sources);

        var first = before[0];
        var registered = await RegisteredActionAsync(provider, project, first);
        var fixAll = provider.GetFixAllProvider();
        Assert.True(fixAll is not null, $"{provider.GetType().Name} has no Fix All provider.");
        Assert.Contains(FixAllScope.Solution, fixAll.GetSupportedFixAllScopes());

        var context = new FixAllContext(
            project.GetDocument(first.Location.SourceTree)!,
            provider,
            FixAllScope.Solution,
            registered.EquivalenceKey,
            new[] { id },
            new AnalyzerDiagnosticProvider(new[] { id }),
            CancellationToken.None);
        var action = await fixAll.GetFixAsync(context);
        Assert.True(action is not null, $"The Fix All of {provider.GetType().Name} offers no action for {before.Length} {id} diagnostic(s).");
        project = await ApplyAsync(action, project);

        return await CompleteAsync(project, documents, id, before.Length);
    }

    /// <summary>The analyzer's diagnostics of one ID in the sources; fails when there is none.</summary>
    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(string id, params string[] sources)
    {
        using var workspace = new AdhocWorkspace();
        var (project, _) = CreateProject(workspace, sources);
        return await DiagnosticsBeforeAsync(project, id, sources);
    }

    private static (Project Project, ImmutableArray<DocumentId> Documents) CreateProject(AdhocWorkspace workspace, IReadOnlyList<string> sources)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "BehaviourProgram",
            "BehaviourProgram",
            LanguageNames.CSharp,
            compilationOptions: TestSources.CompilationOptions,
            parseOptions: TestSources.ParseOptions,
            metadataReferences: References.All));
        var documents = ImmutableArray.CreateBuilder<DocumentId>();
        for (var i = 0; i < sources.Count; i++)
        {
            var documentId = DocumentId.CreateNewId(projectId);
            solution = solution.AddDocument(documentId, TestSources.FileName(i), SourceText.From(sources[i]), filePath: "/behaviour/" + TestSources.FileName(i));
            documents.Add(documentId);
        }

        return (solution.GetProject(projectId)!, documents.ToImmutable());
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsBeforeAsync(Project project, string id, IReadOnlyList<string> sources)
    {
        TestSources.AssertNoErrors((await project.GetCompilationAsync())!, sources, "The code to fix");
        var diagnostics = await AnalyzerDiagnostics.GetAsync(project, id);
        Assert.True(!diagnostics.IsEmpty, $"The analyzer reports no {id} in the code to fix:\n{TestSources.Listing(sources)}");
        return diagnostics;
    }

    private static async Task<CodeAction> RegisteredActionAsync(CodeFixProvider provider, Project project, Diagnostic diagnostic)
    {
        var document = project.GetDocument(diagnostic.Location.SourceTree)
                       ?? throw new InvalidOperationException($"{diagnostic} is not in a document of the project.");
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        Assert.True(actions.Count == 1, $"{provider.GetType().Name} registered {actions.Count} code actions for {diagnostic}; one is expected.");
        return actions[0];
    }

    private static async Task<Project> ApplyAsync(CodeAction action, Project project)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var apply = Assert.Single(operations.OfType<ApplyChangesOperation>());
        return apply.ChangedSolution.GetProject(project.Id) ?? throw new InvalidOperationException("The fix removed the project.");
    }

    private static async Task<FixedSources> CompleteAsync(Project project, ImmutableArray<DocumentId> documents, string id, int diagnosticsBefore)
    {
        var texts = new List<string>();
        foreach (var documentId in documents)
        {
            var document = project.GetDocument(documentId) ?? throw new InvalidOperationException("The fix removed a document.");
            texts.Add((await document.GetTextAsync()).ToString());
        }

        TestSources.AssertNoErrors((await project.GetCompilationAsync())!, texts, "The fixed code");
        var left = await AnalyzerDiagnostics.GetAsync(project, id);
        Assert.True(left.IsEmpty, $"{left.Length} {id} diagnostic(s) left after the fix:\n{string.Join("\n", left)}\n\n{TestSources.Listing(texts)}");
        return new FixedSources(texts, diagnosticsBefore);
    }
}
