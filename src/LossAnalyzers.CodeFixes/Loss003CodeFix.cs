using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes.LossConversion;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS003: a one-output head trained with CrossEntropyLoss / NLLLoss switches to BCEWithLogitsLoss on the squeezed
/// logit with a float target; a class weight <c>[w0, w1]</c> becomes <c>pos_weights [w1 / w0]</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss003CodeFix))]
[Shared]
public sealed class Loss003CodeFix : SolutionCodeFix
{
    public Loss003CodeFix()
        : base("LOSS003", ("LOSS003.UseBCEWithLogits", "Use BCEWithLogitsLoss on the single logit"))
    {
    }

    private protected override Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken) =>
        LossConversionFix.FixAsync(solution, diagnostics, LossConversionMode.WidthOneToBceWithLogits, cancellationToken);
}
