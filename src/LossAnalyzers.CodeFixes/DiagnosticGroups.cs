using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.CodeFixes;

/// <summary>Diagnostics by project, in a stable order (file, then position), as the solution-wide fixes plan them.</summary>
internal static class DiagnosticGroups
{
    public static IEnumerable<(ProjectId Project, IReadOnlyList<Diagnostic> Diagnostics)> ByProject(Solution solution, ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics
            .Where(d => d.Location.SourceTree is not null)
            .GroupBy(d => solution.GetDocument(d.Location.SourceTree)?.Project.Id)
            .Where(g => g.Key is not null)
            .OrderBy(g => g.Key!.Id)
            .Select(g => (g.Key!, (IReadOnlyList<Diagnostic>)g.OrderBy(d => d.Location.SourceTree!.FilePath).ThenBy(d => d.Location.SourceSpan.Start).ToList()));
}
