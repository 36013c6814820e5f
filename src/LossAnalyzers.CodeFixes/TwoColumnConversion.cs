using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using LossAnalyzers.CodeFixes.LossConversion;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS004 on a hand-built <c>[p, 1 - p]</c>: the one-logit form. The sigmoid that made <c>p</c> goes, the
/// <c>cat</c>/<c>stack</c> becomes the logit of the class in column 1 (<c>z</c>, or <c>z.neg()</c> when column 1
/// is <c>1 - p</c>), and CrossEntropyLoss becomes BCEWithLogitsLoss on it (LOSS003's conversion: squeezed input,
/// float target, class weight <c>[w0, w1]</c> to <c>pos_weights [w1 / w0]</c>). Offered only when the two columns
/// feed nothing but the converted losses.
/// </summary>
internal static class TwoColumnConversion
{
    public static async Task<bool> AddAsync(SolutionEditor editor, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var solution = editor.OriginalSolution;
        var changed = false;
        foreach (var group in DiagnosticGroups.ByProject(solution, diagnostics))
        {
            var conversion = await LossConversionPlan.CreateAsync(solution, group.Project, LossConversionMode.TwoColumnsToBceWithLogits, cancellationToken).ConfigureAwait(false);
            var activation = await ActivationRemovalPlan.CreateAsync(solution, group.Project, ActivationRemovalMode.SigmoidOfTwoColumns, cancellationToken).ConfigureAwait(false);
            if (conversion is null || activation is null)
            {
                continue;
            }

            foreach (var diagnostic in group.Diagnostics)
            {
                await conversion.TryAddAsync(diagnostic).ConfigureAwait(false);
            }

            if (conversion.IsEmpty || FindColumns(conversion, activation) is not { } columns)
            {
                continue;
            }

            if (!await activation.CompleteAsync().ConfigureAwait(false))
            {
                continue;
            }

            await ActivationRemovalEdits.ApplyAsync(activation, editor, cancellationToken).ConfigureAwait(false);
            foreach (var (cat, probabilityIndex, negate) in columns)
            {
                var document = await editor.GetDocumentEditorAsync(solution.GetDocument(cat.SyntaxTree)!.Id, cancellationToken).ConfigureAwait(false);
                document.ReplaceNode(cat, (current, _) => OneLogit((InvocationExpressionSyntax)current, probabilityIndex, negate).WithTriviaFrom(current));
            }

            await LossConversionFix.ApplyAsync(conversion, editor, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// Every <c>cat</c> whose two columns reach a converted loss: which element is <c>p</c>, and whether column 1 is
    /// <c>1 - p</c> (then the class-1 logit is <c>-z</c>). Null when a loss input is not such a cat, or a cat feeds
    /// anything else.
    /// </summary>
    private static List<(SyntaxNode Cat, int ProbabilityIndex, bool Negate)>? FindColumns(LossConversionPlan conversion, ActivationRemovalPlan activation)
    {
        var analysis = conversion.Analysis;
        var inputs = new HashSet<SyntaxNode>(conversion.Converted.Values.Select(c => c.Input.Value.Syntax));
        var columns = new List<(SyntaxNode, int, bool)>();
        var sites = new List<ActivationSite>();
        var sinks = new List<SyntaxNode>(inputs);

        foreach (var call in conversion.Converted.Values)
        {
            var found = analysis.SourcesOf(call.Input.Value);
            if (!found.Complete || found.Leaves.IsEmpty)
            {
                return null;
            }

            foreach (var leaf in found.Leaves)
            {
                if (leaf is not IInvocationOperation cat
                    || OperationFacts.Elements(OperationFacts.Argument(cat, 0)?.Value) is not { IsDefault: false, Length: 2 } elements)
                {
                    return null;
                }

                var origins = elements.Select(e => analysis.OriginOf(e.Value)).ToList();
                var probabilityIndex = origins.FindIndex(o => o.Kind == OriginKind.SigmoidProbabilities);
                if (probabilityIndex < 0 || origins[1 - probabilityIndex].Kind != OriginKind.SigmoidComplement)
                {
                    return null;
                }

                // The two columns must go nowhere but into the converted losses.
                var uses = new ProbabilityUses(analysis, inputs, ActivationRemovalMode.SigmoidOfTwoColumns);
                uses.Visit(cat, origins[probabilityIndex].Sites[0]);
                if (uses.Wraps.Count > 0 || uses.Conflicting)
                {
                    return null;
                }

                sites.AddRange(origins[probabilityIndex].Sites);
                sinks.Add(elements[probabilityIndex].Value.Syntax);
                columns.Add((cat.Syntax, probabilityIndex, probabilityIndex == 0));
            }
        }

        return activation.TryAdd(sites, sinks) ? columns : null;
    }

    /// <summary>The element that held <c>p</c> (now the logit <c>z</c>), negated when column 1 was <c>1 - p</c>.</summary>
    private static ExpressionSyntax OneLogit(InvocationExpressionSyntax cat, int probabilityIndex, bool negate)
    {
        var collection = cat.ArgumentList.Arguments[0].Expression;
        var initializer = collection switch
        {
            ArrayCreationExpressionSyntax array => array.Initializer,
            ImplicitArrayCreationExpressionSyntax array => array.Initializer,
            ObjectCreationExpressionSyntax list => list.Initializer,
            _ => null,
        };
        var logit = initializer!.Expressions[probabilityIndex].WithoutTrivia();
        if (!negate)
        {
            return logit;
        }

        var receiver = logit is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax
            ? logit
            : SyntaxFactory.ParenthesizedExpression(logit);
        return SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("neg")));
    }
}
