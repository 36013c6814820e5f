using System.Composition;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>LOSS018: convert the class-index target with <c>.to_type(ScalarType.Int64)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss018CodeFix))]
[Shared]
public sealed class Loss018CodeFix : NodeEditCodeFix
{
    public Loss018CodeFix()
        : base("LOSS018", "LOSS018.Int64Target", "Convert the target with .to_type(ScalarType.Int64)")
    {
    }

    private protected override NodeEdit? Edit(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node)
    {
        var names = new TorchNames(analysis, node);
        return new NodeEdit(node, current => GeneratedCode.Parse($"{GeneratedCode.Receiver(current.ToString())}.to_type({names.ScalarType}.Int64)"));
    }
}
