using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// The shape of every LossAnalyzers code fix: one solution-level fix function serves a single diagnostic and Fix All
/// (through <see cref="SolutionFixAllProvider"/>). A rule with more than one kind of fix lists its actions in order;
/// a diagnostic gets the first one that applies safely, and none when none does.
/// </summary>
public abstract class SolutionCodeFix : CodeFixProvider
{
    private readonly ImmutableArray<(string Key, string Title)> actions;

    private protected SolutionCodeFix(string diagnosticId, params (string Key, string Title)[] actions)
    {
        FixableDiagnosticIds = ImmutableArray.Create(diagnosticId);
        this.actions = actions.ToImmutableArray();
    }

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    public sealed override FixAllProvider GetFixAllProvider() => new SolutionFixAllProvider(Title, FixAsync);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var (key, title) in actions)
            {
                var fixedSolution = await FixAsync(solution, ImmutableArray.Create(diagnostic), key, context.CancellationToken).ConfigureAwait(false);
                if (fixedSolution is not null)
                {
                    context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(fixedSolution), key), diagnostic);
                    break;
                }
            }
        }
    }

    /// <summary>The fixed solution for every safely fixable diagnostic, by the action <paramref name="equivalenceKey"/>; null when none is.</summary>
    private protected abstract Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken);

    private string Title(string? equivalenceKey) => actions.FirstOrDefault(a => a.Key == equivalenceKey).Title ?? actions[0].Title;
}
