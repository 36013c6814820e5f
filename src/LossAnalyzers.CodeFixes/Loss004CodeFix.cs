using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS004: pass the logits to <c>CrossEntropyLoss</c> (the softmax or sigmoid removed where it is applied); for a
/// hand-built <c>[p, 1 - p]</c>, one logit with <c>BCEWithLogitsLoss</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss004CodeFix))]
[Shared]
public sealed class Loss004CodeFix : CodeFixProvider
{
    private const string LogitsTitle = "Pass the logits: CrossEntropyLoss applies log_softmax itself";
    private const string OneLogitTitle = "Use one logit with BCEWithLogitsLoss instead of [p, 1 - p]";
    private const string LogitsKey = "LOSS004.PassLogits";
    private const string OneLogitKey = "LOSS004.OneLogit";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("LOSS004");

    public override FixAllProvider GetFixAllProvider() => new SolutionFixAllProvider(LogitsTitle, FixAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            var single = ImmutableArray.Create(diagnostic);
            if (await FixAsync(solution, single, LogitsKey, context.CancellationToken).ConfigureAwait(false) is { } logits)
            {
                context.RegisterCodeFix(CodeAction.Create(LogitsTitle, _ => Task.FromResult(logits), LogitsKey), diagnostic);
            }
            else if (await FixAsync(solution, single, OneLogitKey, context.CancellationToken).ConfigureAwait(false) is { } oneLogit)
            {
                context.RegisterCodeFix(CodeAction.Create(OneLogitTitle, _ => Task.FromResult(oneLogit), OneLogitKey), diagnostic);
            }
        }
    }

    /// <summary>Fix All repeats one of the two actions, by its equivalence key.</summary>
    private static async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        var changed = equivalenceKey == OneLogitKey
            ? await TwoColumnConversion.AddAsync(editor, diagnostics, cancellationToken).ConfigureAwait(false)
            : await ActivationRemovalFix.AddAsync(editor, diagnostics, ActivationRemovalMode.ProbabilitiesIntoCrossEntropy, cancellationToken).ConfigureAwait(false);
        return changed ? editor.GetChangedSolution() : null;
    }
}
