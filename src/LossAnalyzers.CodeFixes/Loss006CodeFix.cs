using System;
using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using LossAnalyzers.Analysis;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS006: two per-class weights <c>[w0, w1]</c> given as <c>pos_weights</c> to a single-label binary input become
/// one element, <c>w1 / w0</c>, written as a literal with the ratio in a comment.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss006CodeFix))]
[Shared]
public sealed class Loss006CodeFix : NodeEditCodeFix
{
    public Loss006CodeFix()
        : base("LOSS006", "LOSS006.OneElement", "Use one pos_weights element, w1 / w0")
    {
    }

    private protected override NodeEdit? Edit(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!LossRule.HasFixForm(diagnostic, Loss006PosWeightsLength.RatioFix)
            || analysis.Model(node.SyntaxTree).GetOperation(node) is not { } weight
            || !EveryCallIsSingleLabel(analysis, weight)
            || PosWeightsText.FromClassWeights(analysis, weight, new TorchNames(analysis, node)) is not { } text)
        {
            return null;
        }

        var replacement = GeneratedCode.Parse(text);
        return new NodeEdit(node, _ => replacement);
    }

    /// <summary>
    /// One element is right only where every call of the loss takes a single-label input: a criterion also used on a
    /// whole multi-output head needs its per-label weights there.
    /// </summary>
    private static bool EveryCallIsSingleLabel(LossAnalysis analysis, IOperation weight)
    {
        if (weight.Parent is not IArgumentOperation { Parent: { } owner })
        {
            return false;
        }

        var calls = owner is IInvocationOperation invocation && analysis.TryGetLossCall(invocation, out var functional)
            ? ImmutableArray.Create(functional)
            : analysis.CallsOf(owner);
        return !calls.IsDefaultOrEmpty && calls.All(call => analysis.OriginOf(call.Input.Value) is { } origin && (origin.SingleLabel || origin.Width == 1));
    }
}
