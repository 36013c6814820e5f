using System.Composition;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>LOSS005: softmax into NLLLoss becomes log_softmax on the same dimension.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss005CodeFix))]
[Shared]
public sealed class Loss005CodeFix : ActivationRemovalCodeFix
{
    public Loss005CodeFix()
        : base("LOSS005", "LOSS005.UseLogSoftmax", "Use log_softmax on the same dimension: NLLLoss takes log-probabilities", ActivationRemovalMode.SoftmaxIntoNll)
    {
    }
}
