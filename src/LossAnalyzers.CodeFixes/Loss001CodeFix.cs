using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes.SigmoidRemoval;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS001: switch to <c>BCEWithLogitsLoss</c> / <c>binary_cross_entropy_with_logits</c> on the logits and
/// remove the sigmoid where it is applied; other uses of the model's output are wrapped in <c>torch.sigmoid</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss001CodeFix))]
[Shared]
public sealed class Loss001CodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "LOSS001.UseBCEWithLogits";
    private const string Title = "Use BCEWithLogitsLoss on the logits and remove the sigmoid";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("LOSS001");

    public override FixAllProvider GetFixAllProvider() =>
        new SolutionFixAllProvider(Title, (solution, diagnostics, cancellationToken) =>
            SigmoidRemovalFix.FixAsync(solution, diagnostics, convertLoss: true, cancellationToken));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            var fixedSolution = await SigmoidRemovalFix.FixAsync(solution, ImmutableArray.Create(diagnostic), convertLoss: true, context.CancellationToken).ConfigureAwait(false);
            if (fixedSolution is null)
            {
                continue;
            }

            context.RegisterCodeFix(CodeAction.Create(Title, _ => Task.FromResult(fixedSolution), EquivalenceKey), diagnostic);
        }
    }
}
