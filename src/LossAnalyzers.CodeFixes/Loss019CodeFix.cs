using System.Composition;
using LossAnalyzers.Analysis;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS019: squeeze the <c>[N, 1]</c> side of the loss call (<c>.squeeze(-1)</c> on the argument as written), so input and
/// target have one shape. Only the argument changes: every other use of the value keeps its shape. A target built as
/// <c>[N, N]</c> gets no fix: which operand to reshape is the author's choice.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss019CodeFix))]
[Shared]
public sealed class Loss019CodeFix : NodeEditCodeFix
{
    public Loss019CodeFix()
        : base("LOSS019", "LOSS019.SqueezeColumn", "Squeeze the [N, 1] side: .squeeze(-1)")
    {
    }

    private protected override NodeEdit? Edit(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.TryGetValue(Loss019BroadcastShapes.SideProperty, out var side)
            || node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { ArgumentList.Arguments: { Count: >= 2 } arguments })
        {
            return null;
        }

        var argument = arguments[side == "Target" ? 1 : 0];
        return argument.NameColon is null
            ? new NodeEdit(argument.Expression, current => GeneratedCode.Parse(GeneratedCode.Receiver(current.ToString()) + ".squeeze(-1)").WithTriviaFrom(current))
            : null;
    }
}
