using System;
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
/// (through <see cref="SolutionFixAllProvider"/>). Each action kind has one equivalence key, the same for every
/// diagnostic of the rule: Fix All and <c>dotnet format analyzers</c> apply all of a rule's diagnostics with the key of
/// the first one, so a rule whose fix differs by case decides per diagnostic inside its fix, under one key.
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

    public sealed override FixAllProvider GetFixAllProvider() => new SolutionFixAllProvider(Title, GuardedFixAsync);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var (key, title) in actions)
            {
                var fixedSolution = await GuardedFixAsync(solution, ImmutableArray.Create(diagnostic), key, context.CancellationToken).ConfigureAwait(false);
                if (fixedSolution is not null)
                {
                    context.RegisterCodeFix(CodeAction.Create(TitleFor(diagnostic, key) ?? title, _ => Task.FromResult(fixedSolution), key), diagnostic);
                }
            }
        }
    }

    /// <summary>The fixed solution for every safely fixable diagnostic, by the action <paramref name="equivalenceKey"/>; null when none is.</summary>
    private protected abstract Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken);

    /// <summary>A title that says what the action does for this diagnostic, where that differs by case; null: the action's title.</summary>
    private protected virtual string? TitleFor(Diagnostic diagnostic, string equivalenceKey) => null;

    /// <summary>
    /// A provider never throws and never offers code that does not compile: an unexpected failure, or a fixed document
    /// with a compile error it did not have, withholds the fix (and is reported to <see cref="CodeFixFailures"/>). When a
    /// batch fails or fixes nothing, the diagnostics that cannot be fixed on their own are left out and the rest fixed
    /// together, so one bad case does not cost a project every fix of the rule.
    /// </summary>
    private async Task<Solution?> GuardedFixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var batch = await TryFixAsync(solution, diagnostics, equivalenceKey, cancellationToken).ConfigureAwait(false);
        if (batch.Solution is not null || diagnostics.Length == 1)
        {
            return batch.Solution;
        }

        // Nothing came of the batch: a plan that holds many diagnostics is refused as a whole when one of them cannot
        // be fixed (or fails), so the ones that can be fixed alone are fixed together.

        var builder = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var diagnostic in diagnostics)
        {
            var alone = await TryFixAsync(solution, ImmutableArray.Create(diagnostic), equivalenceKey, cancellationToken).ConfigureAwait(false);
            if (!alone.Failed && alone.Solution is not null)
            {
                builder.Add(diagnostic);
            }
        }

        return builder.Count == 0 ? null : (await TryFixAsync(solution, builder.ToImmutable(), equivalenceKey, cancellationToken).ConfigureAwait(false)).Solution;
    }

    private async Task<(Solution? Solution, bool Failed)> TryFixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        Diagnostic? newError;
        try
        {
            var fixedSolution = await FixAsync(solution, diagnostics, equivalenceKey, cancellationToken).ConfigureAwait(false);
            newError = fixedSolution is null ? null : await NewCompileErrors.FirstAsync(solution, fixedSolution, cancellationToken).ConfigureAwait(false);
            if (newError is null)
            {
                return (fixedSolution, false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            CodeFixFailures.Report(FixableDiagnosticIds[0], diagnostics, exception);
            return (null, true);
        }

        CodeFixFailures.Report(FixableDiagnosticIds[0], diagnostics, new InvalidOperationException($"The fix introduced a compile error and is withheld: {newError}"));
        return (null, true);
    }

    private string Title(string? equivalenceKey) => actions.FirstOrDefault(a => a.Key == equivalenceKey).Title ?? actions[0].Title;
}
