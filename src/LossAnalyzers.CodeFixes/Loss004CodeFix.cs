using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS004: pass the logits to <c>CrossEntropyLoss</c> (the softmax or sigmoid removed where it is applied); for a
/// hand-built <c>[p, 1 - p]</c>, one logit with <c>BCEWithLogitsLoss</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss004CodeFix))]
[Shared]
public sealed class Loss004CodeFix : SolutionCodeFix
{
    private const string LogitsKey = "LOSS004.PassLogits";
    private const string OneLogitKey = "LOSS004.OneLogit";

    public Loss004CodeFix()
        : base(
            "LOSS004",
            (LogitsKey, "Pass the logits: CrossEntropyLoss applies log_softmax itself"),
            (OneLogitKey, "Use one logit with BCEWithLogitsLoss instead of [p, 1 - p]"))
    {
    }

    private protected override async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        var changed = equivalenceKey == OneLogitKey
            ? await TwoColumnConversion.AddAsync(editor, diagnostics, cancellationToken).ConfigureAwait(false)
            : await ActivationRemovalFix.AddAsync(editor, diagnostics, ActivationRemovalMode.ProbabilitiesIntoCrossEntropy, cancellationToken).ConfigureAwait(false);
        return changed ? editor.GetChangedSolution() : null;
    }
}
