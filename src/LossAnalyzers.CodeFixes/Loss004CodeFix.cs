using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS004: pass the logits to <c>CrossEntropyLoss</c> (the softmax or sigmoid removed where it is applied); for a
/// hand-built <c>[p, 1 - p]</c>, one logit with <c>BCEWithLogitsLoss</c>. One action, decided per diagnostic.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss004CodeFix))]
[Shared]
public sealed class Loss004CodeFix : SolutionCodeFix
{
    private const string Key = "LOSS004.PassLogits";

    public Loss004CodeFix()
        : base("LOSS004", (Key, "Pass the logits: CrossEntropyLoss applies log_softmax itself"))
    {
    }

    private protected override string? TitleFor(Diagnostic diagnostic, string equivalenceKey) =>
        IsOneLogit(diagnostic) ? "Use one logit with BCEWithLogitsLoss instead of [p, 1 - p]" : null;

    private protected override async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        var oneLogit = diagnostics.Where(IsOneLogit).ToImmutableArray();
        var logits = diagnostics.Where(d => !IsOneLogit(d)).ToImmutableArray();
        var changed = !logits.IsEmpty
                      && await ActivationRemovalFix.AddAsync(editor, logits, ActivationRemovalMode.ProbabilitiesIntoCrossEntropy, cancellationToken).ConfigureAwait(false);
        changed |= !oneLogit.IsEmpty && await TwoColumnConversion.AddAsync(editor, oneLogit, cancellationToken).ConfigureAwait(false);
        return changed ? editor.GetChangedSolution() : null;
    }

    private static bool IsOneLogit(Diagnostic diagnostic) =>
        LossRule.HasFixForm(diagnostic, Loss004ProbabilitiesIntoCrossEntropy.OneLogitFix);
}
