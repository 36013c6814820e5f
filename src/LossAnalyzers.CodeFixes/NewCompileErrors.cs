using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// The last guard of "a fix compiles or is not offered": whether a fixed solution has a compile error in a changed
/// document that the document did not have before (counted by error ID, since positions and names move).
/// </summary>
internal static class NewCompileErrors
{
    /// <returns>The first new error, or null when there is none.</returns>
    public static async Task<Diagnostic?> FirstAsync(Solution before, Solution after, CancellationToken cancellationToken)
    {
        foreach (var project in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var documentId in project.GetChangedDocuments())
            {
                var original = (await ErrorsAsync(before.GetDocument(documentId), cancellationToken).ConfigureAwait(false))
                    .GroupBy(d => d.Id)
                    .ToDictionary(g => g.Key, g => g.Count());
                var changed = await ErrorsAsync(after.GetDocument(documentId), cancellationToken).ConfigureAwait(false);
                foreach (var error in changed.GroupBy(d => d.Id))
                {
                    if (!original.TryGetValue(error.Key, out var count) || count < error.Count())
                    {
                        return error.First();
                    }
                }
            }
        }

        return null;
    }

    private static async Task<IReadOnlyList<Diagnostic>> ErrorsAsync(Document? document, CancellationToken cancellationToken)
    {
        var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model is null
            ? new List<Diagnostic>()
            : model.GetDiagnostics(cancellationToken: cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }
}
