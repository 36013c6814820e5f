using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using LossAnalyzers.CodeFixes.LossConversion;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS005: softmax into NLLLoss becomes log_softmax on the same dimension; a raw linear output into NLLLoss
/// switches the loss to CrossEntropyLoss (cross_entropy), which applies log_softmax itself. One action, decided per
/// diagnostic.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss005CodeFix))]
[Shared]
public sealed class Loss005CodeFix : SolutionCodeFix
{
    private const string Key = "LOSS005.LogProbabilities";

    public Loss005CodeFix()
        : base("LOSS005", (Key, "Give NLLLoss log-probabilities"))
    {
    }

    private protected override string? TitleFor(Diagnostic diagnostic, string equivalenceKey) =>
        IsRawOutput(diagnostic)
            ? "Use CrossEntropyLoss: it applies log_softmax itself"
            : "Use log_softmax on the same dimension: NLLLoss takes log-probabilities";

    private protected override async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        var raw = diagnostics.Where(IsRawOutput).ToImmutableArray();
        var softmax = diagnostics.Where(d => !IsRawOutput(d)).ToImmutableArray();
        var changed = !softmax.IsEmpty
                      && await ActivationRemovalFix.AddAsync(editor, softmax, ActivationRemovalMode.SoftmaxIntoNll, cancellationToken).ConfigureAwait(false);
        changed |= !raw.IsEmpty && await LossConversionFix.AddAsync(editor, raw, LossConversionMode.NllOnLogitsToCrossEntropy, cancellationToken).ConfigureAwait(false);
        return changed ? editor.GetChangedSolution() : null;
    }

    private static bool IsRawOutput(Diagnostic diagnostic) =>
        LossRule.HasFixForm(diagnostic, Loss005NllWithoutLogProbabilities.CrossEntropyFix);
}
