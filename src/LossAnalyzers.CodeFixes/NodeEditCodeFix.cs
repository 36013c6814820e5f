using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.CodeFixes;

/// <summary>The code fix shape of the rules whose fix rewrites the reported node alone.</summary>
public abstract class NodeEditCodeFix : SolutionCodeFix
{
    private protected NodeEditCodeFix(string diagnosticId, string equivalenceKey, string title)
        : base(diagnosticId, (equivalenceKey, title))
    {
    }

    private protected sealed override Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken) =>
        NodeEdits.FixAsync(solution, diagnostics, Edit, cancellationToken);

    /// <summary>How to rewrite the reported node (or one around it), from its current form; null when no fix is safe.</summary>
    private protected abstract NodeEdit? Edit(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node);
}
