using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes.LossConversion;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS003: a one-output head trained with CrossEntropyLoss / NLLLoss switches to BCEWithLogitsLoss on the squeezed
/// logit with a float target; a class weight <c>[w0, w1]</c> becomes <c>pos_weights [w1 / w0]</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss003CodeFix))]
[Shared]
public sealed class Loss003CodeFix : CodeFixProvider
{
    private const string Title = "Use BCEWithLogitsLoss on the single logit";
    private const string EquivalenceKey = "LOSS003.UseBCEWithLogits";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("LOSS003");

    public override FixAllProvider GetFixAllProvider() =>
        new SolutionFixAllProvider(Title, (solution, diagnostics, cancellationToken) =>
            LossConversionFix.FixAsync(solution, diagnostics, LossConversionMode.WidthOneToBceWithLogits, cancellationToken));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            var fixedSolution = await LossConversionFix.FixAsync(solution, ImmutableArray.Create(diagnostic), LossConversionMode.WidthOneToBceWithLogits, context.CancellationToken).ConfigureAwait(false);
            if (fixedSolution is not null)
            {
                context.RegisterCodeFix(CodeAction.Create(Title, _ => Task.FromResult(fixedSolution), EquivalenceKey), diagnostic);
            }
        }
    }
}
