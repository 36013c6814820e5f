using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>What a Fix All asks for: the analyzer's diagnostics of the fixed IDs, per document or per project.</summary>
internal sealed class AnalyzerDiagnosticProvider : FixAllContext.DiagnosticProvider
{
    private readonly IReadOnlyList<string> ids;

    public AnalyzerDiagnosticProvider(IEnumerable<string> ids) => this.ids = ids.ToArray();

    public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
    {
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        return (await GetAllDiagnosticsAsync(document.Project, cancellationToken).ConfigureAwait(false))
            .Where(d => d.Location.SourceTree == tree);
    }

    /// <summary>Diagnostics without a source location; the analyzer reports none.</summary>
    public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
        (await GetAllDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false)).Where(d => !d.Location.IsInSource);

    public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
    {
        var all = new List<Diagnostic>();
        foreach (var id in ids)
        {
            all.AddRange(await AnalyzerDiagnostics.GetAsync(project, id, cancellationToken).ConfigureAwait(false));
        }

        return all;
    }
}
