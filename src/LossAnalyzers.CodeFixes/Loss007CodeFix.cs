using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS007: a per-class vector <c>[w0, w1]</c> given as the BCE <c>weight</c> moves to <c>pos_weights: [w1 / w0]</c>.
/// On BCEWithLogitsLoss that is the whole fix; BCELoss has no pos_weights, so there the fix is offered only together
/// with LOSS001's (every input is a sigmoid output: the sigmoid goes and the loss becomes BCEWithLogitsLoss).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss007CodeFix))]
[Shared]
public sealed class Loss007CodeFix : SolutionCodeFix
{
    public Loss007CodeFix()
        : base("LOSS007", ("LOSS007.PosWeights", "Move the per-class weights to pos_weights [w1 / w0]"))
    {
    }

    private protected override async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        var changed = false;
        foreach (var group in DiagnosticGroups.ByProject(solution, diagnostics))
        {
            var sigmoids = await ActivationRemovalPlan.CreateAsync(solution, group.Project, ActivationRemovalMode.SigmoidIntoBce, cancellationToken).ConfigureAwait(false);
            if (sigmoids is null)
            {
                continue;
            }

            var analysis = sigmoids.Analysis;
            var moves = new List<(ArgumentListSyntax List, System.Func<ArgumentListSyntax, ArgumentListSyntax> Rewrite)>();
            var needsSigmoidRemoval = false;
            foreach (var diagnostic in group.Diagnostics)
            {
                if (await MoveAsync(analysis, sigmoids, diagnostic, cancellationToken).ConfigureAwait(false) is { } move)
                {
                    moves.Add((move.List, move.Rewrite));
                    needsSigmoidRemoval |= move.WithSigmoidRemoval;
                }
            }

            if (moves.Count == 0 || (needsSigmoidRemoval && !await sigmoids.CompleteAsync().ConfigureAwait(false)))
            {
                continue;
            }

            if (needsSigmoidRemoval)
            {
                await ActivationRemovalEdits.ApplyAsync(sigmoids, editor, cancellationToken).ConfigureAwait(false);
            }

            foreach (var (list, rewrite) in moves)
            {
                var document = await editor.GetDocumentEditorAsync(solution.GetDocument(list.SyntaxTree)!.Id, cancellationToken).ConfigureAwait(false);
                document.ReplaceNode(list, (current, _) => rewrite((ArgumentListSyntax)current));
            }

            changed = true;
        }

        return changed ? editor.GetChangedSolution() : null;
    }

    /// <summary>The argument-list rewrite for one diagnostic, and whether it needs LOSS001's sigmoid removal with it.</summary>
    private static async Task<(ArgumentListSyntax List, System.Func<ArgumentListSyntax, ArgumentListSyntax> Rewrite, bool WithSigmoidRemoval)?> MoveAsync(
        LossAnalysis analysis, ActivationRemovalPlan sigmoids, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var tree = diagnostic.Location.SourceTree!;
        var node = (await tree.GetRootAsync(cancellationToken).ConfigureAwait(false)).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node is ArgumentSyntax argumentNode)
        {
            node = argumentNode.Expression;
        }

        if (analysis.Model(tree).GetOperation(node, cancellationToken)?.Parent is not IArgumentOperation { Parameter.Name: "weight" } weight
            || weight.Parent is not IInvocationOperation { Syntax: InvocationExpressionSyntax { ArgumentList: { } list } } owner)
        {
            // new BCELoss(...) / new BCEWithLogitsLoss(...) take every argument positionally: left to a hand edit.
            return null;
        }

        var arguments = owner.Arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue).ToList();
        if (arguments.Any(a => a.Parameter?.Name == "pos_weights" && a.Value.ConstantValue is not { HasValue: true, Value: null })
            || PosWeightsText.FromClassWeights(analysis, weight.Value, new TorchNames(analysis, node)) is not { } posWeights)
        {
            return null;
        }

        var kind = analysis.TryGetLossCall(owner, out var functional) ? functional.Kind : analysis.ConstructionAt(owner)?.Kind;
        var withSigmoidRemoval = false;
        if (kind == LossKind.BCE)
        {
            var calls = functional is not null ? ImmutableArray.Create(functional) : analysis.CallsOf(owner);
            if (calls.IsDefaultOrEmpty)
            {
                return null;
            }

            foreach (var call in calls)
            {
                if (!await sigmoids.TryAddCallAsync(call).ConfigureAwait(false))
                {
                    return null;
                }
            }

            withSigmoidRemoval = true;
        }
        else if (kind != LossKind.BCEWithLogits)
        {
            return null;
        }

        // Arguments before weight stay where they are; the ones after it are named, since weight leaves the list.
        var weightOrdinal = weight.Parameter!.Ordinal;
        var indices = arguments
            .Where(a => a != weight && a.Parameter?.Name != "pos_weights")
            .Select(a => (Index: list.Arguments.IndexOf((ArgumentSyntax)a.Syntax), Name: a.Parameter!.Name, Named: a.Parameter.Ordinal > weightOrdinal))
            .OrderBy(a => a.Index)
            .ToList();
        if (indices.Any(a => a.Index < 0))
        {
            return null;
        }

        ArgumentListSyntax Rewrite(ArgumentListSyntax current)
        {
            var texts = indices.Select(a => a.Named || current.Arguments[a.Index].NameColon is not null
                    ? $"{a.Name}: {current.Arguments[a.Index].Expression}"
                    : current.Arguments[a.Index].Expression.ToString())
                .Append($"pos_weights: {posWeights}");
            var parsed = (InvocationExpressionSyntax)GeneratedCode.Parse($"f({string.Join(", ", texts)})");
            return parsed.ArgumentList.WithTriviaFrom(current);
        }

        return (list, Rewrite, withSigmoidRemoval);
    }
}
