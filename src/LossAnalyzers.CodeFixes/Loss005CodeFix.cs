using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using LossAnalyzers.CodeFixes.LossConversion;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS005: softmax into NLLLoss becomes log_softmax on the same dimension; a raw linear output into NLLLoss
/// switches the loss to CrossEntropyLoss (cross_entropy), which applies log_softmax itself.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss005CodeFix))]
[Shared]
public sealed class Loss005CodeFix : CodeFixProvider
{
    private const string LogSoftmaxTitle = "Use log_softmax on the same dimension: NLLLoss takes log-probabilities";
    private const string CrossEntropyTitle = "Use CrossEntropyLoss: it applies log_softmax itself";
    private const string FixAllTitle = "Give NLLLoss log-probabilities";
    private const string LogSoftmaxKey = "LOSS005.UseLogSoftmax";
    private const string CrossEntropyKey = "LOSS005.UseCrossEntropy";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("LOSS005");

    public override FixAllProvider GetFixAllProvider() => new SolutionFixAllProvider(FixAllTitle, FixAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            var single = ImmutableArray.Create(diagnostic);
            if (await ActivationRemovalFix.FixAsync(solution, single, ActivationRemovalMode.SoftmaxIntoNll, context.CancellationToken).ConfigureAwait(false) is { } logSoftmax)
            {
                context.RegisterCodeFix(CodeAction.Create(LogSoftmaxTitle, _ => Task.FromResult(logSoftmax), LogSoftmaxKey), diagnostic);
            }
            else if (await LossConversionFix.FixAsync(solution, single, LossConversionMode.NllOnLogitsToCrossEntropy, context.CancellationToken).ConfigureAwait(false) is { } crossEntropy)
            {
                context.RegisterCodeFix(CodeAction.Create(CrossEntropyTitle, _ => Task.FromResult(crossEntropy), CrossEntropyKey), diagnostic);
            }
        }
    }

    /// <summary>Fix All repeats one of the two actions, by its equivalence key; each plan takes the diagnostics it can fix.</summary>
    private static async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        var changed = equivalenceKey == CrossEntropyKey
            ? await LossConversionFix.AddAsync(editor, diagnostics, LossConversionMode.NllOnLogitsToCrossEntropy, cancellationToken).ConfigureAwait(false)
            : await ActivationRemovalFix.AddAsync(editor, diagnostics, ActivationRemovalMode.SoftmaxIntoNll, cancellationToken).ConfigureAwait(false);
        return changed ? editor.GetChangedSolution() : null;
    }
}
