using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using LossAnalyzers.CodeFixes.LossConversion;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS005: softmax into NLLLoss becomes log_softmax on the same dimension; a raw linear output into NLLLoss
/// switches the loss to CrossEntropyLoss (cross_entropy), which applies log_softmax itself.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss005CodeFix))]
[Shared]
public sealed class Loss005CodeFix : SolutionCodeFix
{
    private const string LogSoftmaxKey = "LOSS005.UseLogSoftmax";
    private const string CrossEntropyKey = "LOSS005.UseCrossEntropy";

    public Loss005CodeFix()
        : base(
            "LOSS005",
            (LogSoftmaxKey, "Use log_softmax on the same dimension: NLLLoss takes log-probabilities"),
            (CrossEntropyKey, "Use CrossEntropyLoss: it applies log_softmax itself"))
    {
    }

    private protected override async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        var changed = equivalenceKey == CrossEntropyKey
            ? await LossConversionFix.AddAsync(editor, diagnostics, LossConversionMode.NllOnLogitsToCrossEntropy, cancellationToken).ConfigureAwait(false)
            : await ActivationRemovalFix.AddAsync(editor, diagnostics, ActivationRemovalMode.SoftmaxIntoNll, cancellationToken).ConfigureAwait(false);
        return changed ? editor.GetChangedSolution() : null;
    }
}
