using System.Composition;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>LOSS004: pass the logits to <c>CrossEntropyLoss</c>: the softmax or sigmoid is removed where it is applied.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss004CodeFix))]
[Shared]
public sealed class Loss004CodeFix : ActivationRemovalCodeFix
{
    public Loss004CodeFix()
        : base("LOSS004", "LOSS004.PassLogits", "Pass the logits: CrossEntropyLoss applies log_softmax itself", ActivationRemovalMode.ProbabilitiesIntoCrossEntropy)
    {
    }
}
