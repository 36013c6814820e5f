using System.Collections.Immutable;
using System.Composition;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS001: switch to <c>BCEWithLogitsLoss</c> / <c>binary_cross_entropy_with_logits</c> on the logits and
/// remove the sigmoid where it is applied; other uses of the model's output are wrapped in <c>torch.sigmoid</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss001CodeFix))]
[Shared]
public sealed class Loss001CodeFix : ActivationRemovalCodeFix
{
    public Loss001CodeFix()
        : base("LOSS001", "LOSS001.UseBCEWithLogits", "Use BCEWithLogitsLoss on the logits and remove the sigmoid", ActivationRemovalMode.SigmoidIntoBce)
    {
    }
}
