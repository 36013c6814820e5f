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
    public static async Task<bool> AnyAsync(Solution before, Solution after, CancellationToken cancellationToken)
    {
        foreach (var project in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var documentId in project.GetChangedDocuments())
            {
                var original = await ErrorsAsync(before.GetDocument(documentId), cancellationToken).ConfigureAwait(false);
                var changed = await ErrorsAsync(after.GetDocument(documentId), cancellationToken).ConfigureAwait(false);
                if (changed.Any(error => !original.TryGetValue(error.Key, out var count) || count < error.Value))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task<Dictionary<string, int>> ErrorsAsync(Document? document, CancellationToken cancellationToken)
    {
        var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model is null
            ? new Dictionary<string, int>()
            : model.GetDiagnostics(cancellationToken: cancellationToken)
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .GroupBy(d => d.Id)
                .ToDictionary(g => g.Key, g => g.Count());
    }
}
