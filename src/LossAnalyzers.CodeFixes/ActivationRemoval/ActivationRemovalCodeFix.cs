using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes.ActivationRemoval;

/// <summary>The code fix shape shared by the rules whose fix removes or replaces an activation in front of a loss.</summary>
public abstract class ActivationRemovalCodeFix : CodeFixProvider
{
    private readonly string title;
    private readonly string equivalenceKey;
    private readonly ActivationRemovalMode mode;

    private protected ActivationRemovalCodeFix(string diagnosticId, string equivalenceKey, string title, ActivationRemovalMode mode)
    {
        FixableDiagnosticIds = ImmutableArray.Create(diagnosticId);
        this.equivalenceKey = equivalenceKey;
        this.title = title;
        this.mode = mode;
    }

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    public sealed override FixAllProvider GetFixAllProvider() =>
        new SolutionFixAllProvider(title, (solution, diagnostics, cancellationToken) =>
            ActivationRemovalFix.FixAsync(solution, diagnostics, mode, cancellationToken));

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            var fixedSolution = await ActivationRemovalFix.FixAsync(solution, ImmutableArray.Create(diagnostic), mode, context.CancellationToken).ConfigureAwait(false);
            if (fixedSolution is not null)
            {
                context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(fixedSolution), equivalenceKey), diagnostic);
            }
        }
    }
}
