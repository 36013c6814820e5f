using System;
using System.Composition;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

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

    private protected override NodeEdit? Edit(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node)
    {
        // A float64 model needs a float64 target: use the input's float type where the code shows it.
        var floatType = node.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax invocation }
                        && analysis.Model(node.SyntaxTree).GetOperation(invocation) is IInvocationOperation operation
                        && analysis.TryGetLossCall(operation, out var call)
            ? LossConversion.LossConversionText.TargetFloatType(analysis, call)
            : "Float32";
        var names = new TorchNames(analysis, node);
        return new NodeEdit(node, current => GeneratedCode.Parse(LossConversion.LossConversionText.FloatTarget(current.ToString(), names, floatType)));
    }
}
