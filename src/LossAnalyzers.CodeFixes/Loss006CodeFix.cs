using System;
using System.Composition;
using LossAnalyzers.Analysis;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

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
        if (!diagnostic.Properties.TryGetValue(Loss006PosWeightsLength.FixProperty, out var fix) || fix != Loss006PosWeightsLength.RatioFix
            || analysis.Model(node.SyntaxTree).GetOperation(node) is not { } weight
            || PosWeightsText.FromClassWeights(analysis, weight, new TorchNames(analysis, node)) is not { } text)
        {
            return null;
        }

        var replacement = GeneratedCode.Parse(text);
        return new NodeEdit(node, _ => replacement);
    }
}
