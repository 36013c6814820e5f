using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// Fixes that rewrite the one node a diagnostic is reported on (a target, a weight argument, a comparison):
/// every diagnostic's edit goes through one <see cref="SolutionEditor"/>.
/// </summary>
internal static class NodeEdits
{
    /// <param name="edit">
    /// Given the analysis and the reported node, which node to rewrite (the reported one or one around it) and how,
    /// from its current form; null: no fix.
    /// </param>
    public static async Task<Solution?> FixAsync(
        Solution solution,
        ImmutableArray<Diagnostic> diagnostics,
        Func<LossAnalysis, Diagnostic, SyntaxNode, NodeEdit?> edit,
        CancellationToken cancellationToken)
    {
        return await FixAsync(solution, diagnostics, (analysis, diagnostic, node) => edit(analysis, diagnostic, node) is { } one ? ImmutableArray.Create(one) : default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same, for fixes that rewrite several nodes per diagnostic (see <see cref="AddAsync"/>).</summary>
    public static async Task<Solution?> FixAsync(
        Solution solution,
        ImmutableArray<Diagnostic> diagnostics,
        Func<LossAnalysis, Diagnostic, SyntaxNode, ImmutableArray<NodeEdit>> edits,
        CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        return await AddAsync(editor, diagnostics, edits, cancellationToken).ConfigureAwait(false) ? editor.GetChangedSolution() : null;
    }

    /// <summary>
    /// Adds every diagnostic's edits to <paramref name="editor"/>; false when none has any. An edit may land in another
    /// document of the project (a construction, a call site); a diagnostic's edits go in the order given, so an edit
    /// inside another node must come before the edit of that node. A node already rewritten for an earlier diagnostic
    /// is not rewritten again (two calls of one loss ask for the same change of its construction).
    /// </summary>
    /// <param name="edit">The nodes to rewrite for one diagnostic, given the analysis and the reported node; default or empty: no fix.</param>
    public static async Task<bool> AddAsync(
        SolutionEditor editor,
        ImmutableArray<Diagnostic> diagnostics,
        Func<LossAnalysis, Diagnostic, SyntaxNode, ImmutableArray<NodeEdit>> edit,
        CancellationToken cancellationToken)
    {
        var solution = editor.OriginalSolution;
        var analyses = new Dictionary<ProjectId, LossAnalysis?>();
        var edited = new HashSet<SyntaxNode>();
        var changed = false;
        foreach (var group in DiagnosticGroups.ByProject(solution, diagnostics))
        {
            if (!analyses.TryGetValue(group.Project, out var analysis))
            {
                var compilation = await solution.GetProject(group.Project)!.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
                analysis = analyses[group.Project] = compilation is null ? null : LossAnalysis.TryCreate(compilation);
            }

            if (analysis is null)
            {
                continue;
            }

            foreach (var diagnostic in group.Diagnostics)
            {
                var tree = diagnostic.Location.SourceTree!;
                var node = (await tree.GetRootAsync(cancellationToken).ConfigureAwait(false)).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax argument)
                {
                    node = argument.Expression;
                }

                var changes = edit(analysis, diagnostic, node);
                if (changes.IsDefaultOrEmpty || changes.Any(c => solution.GetDocument(c.Node.SyntaxTree) is null))
                {
                    continue;
                }

                foreach (var change in changes)
                {
                    if (!edited.Add(change.Node))
                    {
                        continue;
                    }

                    var document = await editor.GetDocumentEditorAsync(solution.GetDocument(change.Node.SyntaxTree)!.Id, cancellationToken).ConfigureAwait(false);
                    document.ReplaceNode(change.Node, (current, _) => change.Rewrite(current).WithTriviaFrom(current));
                    changed = true;
                }
            }
        }

        return changed;
    }
}

/// <summary>One node to rewrite, and how, from its current form.</summary>
internal sealed class NodeEdit
{
    public NodeEdit(SyntaxNode node, Func<SyntaxNode, SyntaxNode> rewrite)
    {
        Node = node;
        Rewrite = rewrite;
    }

    public SyntaxNode Node { get; }

    public Func<SyntaxNode, SyntaxNode> Rewrite { get; }
}
