using System.Composition;
using LossAnalyzers.Analysis;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS020: relabel the target where it is passed to the loss: <c>2 * y - 1</c> for the ±1 losses, <c>(y + 1) / 2</c>
/// for <c>MultiLabelSoftMarginLoss</c>. Only the argument changes, so every other use of the labels keeps its values.
/// One key for both: the diagnostic says which relabelling it needs. A multi-hot target of <c>MultiLabelMarginLoss</c>
/// gets no fix (its indices are not a rewrite of the flags).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss020CodeFix))]
[Shared]
public sealed class Loss020CodeFix : NodeEditCodeFix
{
    public Loss020CodeFix()
        : base("LOSS020", "LOSS020.Relabel", "Relabel the target for this loss")
    {
    }

    private protected override NodeEdit? Edit(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.TryGetValue(Loss020LabelConvention.RelabelProperty, out var to))
        {
            return null;
        }

        return to switch
        {
            "PlusMinusOne" => new NodeEdit(node, current => GeneratedCode.Parse($"2 * {GeneratedCode.Receiver(current.ToString())} - 1").WithTriviaFrom(current)),
            "ZeroOne" => new NodeEdit(node, current => GeneratedCode.Parse($"({GeneratedCode.Receiver(current.ToString())} + 1) / 2").WithTriviaFrom(current)),
            _ => null,
        };
    }
}
