using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.CodeFixes.ActivationRemoval;

/// <summary>The code fix shape shared by the rules whose fix removes or replaces an activation in front of a loss.</summary>
public abstract class ActivationRemovalCodeFix : SolutionCodeFix
{
    private readonly ActivationRemovalMode mode;

    private protected ActivationRemovalCodeFix(string diagnosticId, string equivalenceKey, string title, ActivationRemovalMode mode)
        : base(diagnosticId, (equivalenceKey, title))
    {
        this.mode = mode;
    }

    private protected sealed override Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken) =>
        ActivationRemovalFix.FixAsync(solution, diagnostics, mode, cancellationToken);
}
