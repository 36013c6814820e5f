using System.Composition;
using LossAnalyzers.Analysis;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS015: write the <c>log_target</c> that fits the target, on the functional call or on the loss's construction
/// (the analyzer offers the value only where every call of the construction shows the same form).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss015CodeFix))]
[Shared]
public sealed class Loss015CodeFix : NodeEditCodeFix
{
    public Loss015CodeFix()
        : base("LOSS015", "LOSS015.LogTarget", "Write the log_target that fits the target")
    {
    }

    private protected override NodeEdit? Edit(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.TryGetValue(Loss015KLDivTargetForm.FitsProperty, out var value) || value is not ("true" or "false")
            || node.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
            || analysis.Model(invocation.SyntaxTree).GetOperation(invocation) is not IInvocationOperation operation
            || !analysis.TryGetLossCall(operation, out var call))
        {
            return null;
        }

        if (call.IsFunctional)
        {
            return ArgumentEdit.Set(analysis, invocation, KLDivSettings.LogTargetParameter, value);
        }

        return call.Constructions.Length == 1
            ? ArgumentEdit.Set(analysis, call.Constructions[0].Creation.Syntax, KLDivSettings.LogTargetParameter, value)
            : null;
    }
}
