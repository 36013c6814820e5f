using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace LossAnalyzers.Cli.Loading;

/// <summary>
/// Opens a solution or project through MSBuild's real evaluation (the user's restore, references, .editorconfig and
/// conditional compilation), and says what failed to load.
/// </summary>
internal static class WorkspaceLoader
{
    public sealed record Loaded(MSBuildWorkspace Workspace, Solution Solution, IReadOnlyList<string> Failures);

    public static async Task<Loaded> LoadAsync(ProjectPath path, Action<string> progress, CancellationToken cancellationToken)
    {
        var workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
        workspace.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                failures.Add(e.Diagnostic.Message);
            }
        });

        var reporter = new Progress<ProjectLoadProgress>(p => progress($"{p.Operation} {Path.GetFileName(p.FilePath)}"));
        var solution = path.IsSolution
            ? await workspace.OpenSolutionAsync(path.FullPath, reporter, cancellationToken)
            : (await workspace.OpenProjectAsync(path.FullPath, reporter, cancellationToken)).Solution;
        return new Loaded(workspace, solution, failures);
    }
}
