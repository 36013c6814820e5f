using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace LossAnalyzers.CodeFixes.ActivationRemoval;

/// <summary>
/// The solution-wide entry point of an activation removal, shared by one diagnostic's fix and by Fix All:
/// plan per project, then apply every project's edits through one <see cref="SolutionEditor"/>.
/// </summary>
internal static class ActivationRemovalFix
{
    /// <returns>The fixed solution, or null when none of the diagnostics can be fixed safely.</returns>
    public static async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, ActivationRemovalMode mode, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        return await AddAsync(editor, diagnostics, mode, cancellationToken).ConfigureAwait(false) ? editor.GetChangedSolution() : null;
    }

    /// <summary>Adds the fix of every safely fixable diagnostic to <paramref name="editor"/>; false when there is none.</summary>
    public static async Task<bool> AddAsync(SolutionEditor editor, ImmutableArray<Diagnostic> diagnostics, ActivationRemovalMode mode, CancellationToken cancellationToken)
    {
        var solution = editor.OriginalSolution;
        var changed = false;
        foreach (var group in DiagnosticGroups.ByProject(solution, diagnostics))
        {
            var plan = await ActivationRemovalPlan.CreateAsync(solution, group.Project, mode, cancellationToken).ConfigureAwait(false);
            if (plan is null)
            {
                continue;
            }

            foreach (var diagnostic in group.Diagnostics)
            {
                await plan.TryAddAsync(diagnostic).ConfigureAwait(false);
            }

            if (!await plan.CompleteAsync().ConfigureAwait(false))
            {
                continue;
            }

            await ActivationRemovalEdits.ApplyAsync(plan, editor, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        return changed;
    }
}
