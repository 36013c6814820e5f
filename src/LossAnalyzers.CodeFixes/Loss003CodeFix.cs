using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using LossAnalyzers.CodeFixes.LossConversion;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS003: a one-output head trained with CrossEntropyLoss / NLLLoss switches to BCEWithLogitsLoss on the squeezed
/// logit with a float target; a class weight <c>[w0, w1]</c> becomes <c>pos_weights [w1 / w0]</c>; a log_softmax or
/// softmax on the head goes (other uses of the head's output get it back).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss003CodeFix))]
[Shared]
public sealed class Loss003CodeFix : SolutionCodeFix
{
    public Loss003CodeFix()
        : base("LOSS003", ("LOSS003.UseBCEWithLogits", "Use BCEWithLogitsLoss on the single logit"))
    {
    }

    private protected override async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        var changed = false;
        foreach (var group in DiagnosticGroups.ByProject(solution, diagnostics))
        {
            var conversion = await LossConversionPlan.CreateAsync(solution, group.Project, LossConversionMode.WidthOneToBceWithLogits, cancellationToken).ConfigureAwait(false);
            if (conversion is null)
            {
                continue;
            }

            foreach (var diagnostic in group.Diagnostics)
            {
                await conversion.TryAddAsync(diagnostic).ConfigureAwait(false);
            }

            if (conversion.IsEmpty || await ActivationsAsync(solution, group.Project, conversion, cancellationToken).ConfigureAwait(false) is not { } activations)
            {
                continue;
            }

            if (!activations.IsEmpty)
            {
                await ActivationRemovalEdits.ApplyAsync(activations, editor, cancellationToken).ConfigureAwait(false);
            }

            await LossConversionFix.ApplyAsync(conversion, editor, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        return changed ? editor.GetChangedSolution() : null;
    }

    /// <summary>
    /// The log_softmax and softmax on the width-1 heads of the converted calls, planned for removal (empty when there
    /// are none); null when one of them cannot be removed safely.
    /// </summary>
    private static async Task<ActivationRemovalPlan?> ActivationsAsync(Solution solution, ProjectId project, LossConversionPlan conversion, CancellationToken cancellationToken)
    {
        var activations = await ActivationRemovalPlan.CreateAsync(solution, project, ActivationRemovalMode.ActivationOfWidthOneHead, cancellationToken).ConfigureAwait(false);
        if (activations is null)
        {
            return null;
        }

        var sites = new List<ActivationSite>();
        foreach (var call in conversion.Converted.Values)
        {
            var origin = conversion.Analysis.OriginOf(call.Input.Value);
            if (origin.Kind == OriginKind.Logits)
            {
                continue;
            }

            if (origin.Sites.IsEmpty || origin.Sites.Any(site => site.Activation != origin.Kind))
            {
                return null;
            }

            sites.AddRange(origin.Sites);
        }

        if (sites.Count == 0)
        {
            return activations;
        }

        var sinks = conversion.Converted.Values.Select(call => call.Input.Value.Syntax);
        return activations.TryAdd(sites, sinks) && await activations.CompleteAsync().ConfigureAwait(false) ? activations : null;
    }
}
