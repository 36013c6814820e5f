using System.Composition;
using System.Linq;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS024: collect <c>loss.detach()</c> instead of the loss. The values summed or listed stay the same and the
/// accumulator keeps its type, so every other use of it compiles and reads the same numbers; only the graphs go.
/// (<c>.item&lt;float&gt;()</c> into a <c>double</c> would change the accumulator's type and every use of it, and on a GPU
/// waits for the device at every step.)
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss024CodeFix))]
[Shared]
public sealed class Loss024CodeFix : NodeEditCodeFix
{
    public Loss024CodeFix()
        : base("LOSS024", "LOSS024.Detach", "Collect the loss detached from its graph: .detach()")
    {
    }

    private protected override NodeEdit? Edit(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node)
    {
        if (diagnostic.AdditionalLocations.FirstOrDefault() is not { SourceTree: { } tree } collected || tree != node.SyntaxTree
            || tree.GetRoot().FindNode(collected.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax operand)
        {
            return null;
        }

        return new NodeEdit(operand, current => GeneratedCode.Parse(GeneratedCode.Receiver(current.WithoutTrivia().ToString()) + ".detach()").WithTriviaFrom(current));
    }
}
