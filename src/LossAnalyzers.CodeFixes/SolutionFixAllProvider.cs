using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// Fix All in document, project or solution that hands every diagnostic in scope to one solution-level fix.
/// The batch fixer merges per-diagnostic edits and drops overlapping ones; fixes that edit the loss and the
/// model (often in two files) must be planned together instead.
/// </summary>
internal sealed class SolutionFixAllProvider : FixAllProvider
{
    private readonly Func<string?, string> title;
    private readonly Func<Solution, ImmutableArray<Diagnostic>, string?, CancellationToken, Task<Solution?>> fix;

    /// <param name="title">The title of the code action Fix All repeats, by its equivalence key.</param>
    /// <param name="fix">Gets the equivalence key too, for fixes that offer more than one action.</param>
    public SolutionFixAllProvider(Func<string?, string> title, Func<Solution, ImmutableArray<Diagnostic>, string?, CancellationToken, Task<Solution?>> fix)
    {
        this.title = title;
        this.fix = fix;
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        switch (fixAllContext.Scope)
        {
            case FixAllScope.Document when fixAllContext.Document is { } document:
                diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false));
                break;
            case FixAllScope.Project:
                diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                break;
            case FixAllScope.Solution:
                foreach (var project in fixAllContext.Solution.Projects)
                {
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                }

                break;
            default:
                return null;
        }

        if (diagnostics.Count == 0)
        {
            return null;
        }

        var solution = fixAllContext.Solution;
        var all = diagnostics.ToImmutable();
        return CodeAction.Create(
            title(fixAllContext.CodeActionEquivalenceKey),
            async cancellationToken => await fix(solution, all, fixAllContext.CodeActionEquivalenceKey, cancellationToken).ConfigureAwait(false) ?? solution,
            fixAllContext.CodeActionEquivalenceKey);
    }
}
