using System;
using System.Composition;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>LOSS009: convert the integer or bool target with <c>.to_type(ScalarType.Float32)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss009CodeFix))]
[Shared]
public sealed class Loss009CodeFix : NodeEditCodeFix
{
    public Loss009CodeFix()
        : base("LOSS009", "LOSS009.FloatTarget", "Convert the target with .to_type(ScalarType.Float32)")
    {
    }

    private protected override Func<SyntaxNode, SyntaxNode>? Edit(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node)
    {
        var names = new TorchNames(analysis, node);
        return current => GeneratedCode.Parse($"{GeneratedCode.Receiver(current.ToString())}.to_type({names.ScalarType}.Float32)");
    }
}
