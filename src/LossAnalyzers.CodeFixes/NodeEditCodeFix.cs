using System;
using System.Collections.Immutable;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>The code fix shape of the rules whose fix rewrites the reported node alone.</summary>
public abstract class NodeEditCodeFix : CodeFixProvider
{
    private readonly string title;
    private readonly string equivalenceKey;

    private protected NodeEditCodeFix(string diagnosticId, string equivalenceKey, string title)
    {
        FixableDiagnosticIds = ImmutableArray.Create(diagnosticId);
        this.equivalenceKey = equivalenceKey;
        this.title = title;
    }

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    public sealed override FixAllProvider GetFixAllProvider() =>
        new SolutionFixAllProvider(title, (solution, diagnostics, cancellationToken) => NodeEdits.FixAsync(solution, diagnostics, Edit, cancellationToken));

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            var fixedSolution = await NodeEdits.FixAsync(solution, ImmutableArray.Create(diagnostic), Edit, context.CancellationToken).ConfigureAwait(false);
            if (fixedSolution is not null)
            {
                context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(fixedSolution), equivalenceKey), diagnostic);
            }
        }
    }

    /// <summary>How to rewrite the reported node, from its current form; null when no fix is safe.</summary>
    private protected abstract Func<SyntaxNode, SyntaxNode>? Edit(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node);
}
