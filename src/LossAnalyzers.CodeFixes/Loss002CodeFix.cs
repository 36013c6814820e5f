using System.Composition;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>LOSS002: remove the sigmoid in front of <c>BCEWithLogitsLoss</c>, where it is applied.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss002CodeFix))]
[Shared]
public sealed class Loss002CodeFix : ActivationRemovalCodeFix
{
    public Loss002CodeFix()
        : base("LOSS002", "LOSS002.RemoveSigmoid", "Remove the sigmoid: BCEWithLogitsLoss applies it", ActivationRemovalMode.SigmoidIntoBceWithLogits)
    {
    }
}
