using System.Composition;
using LossAnalyzers.Analysis;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS023: the call becomes PyTorch's Gaussian negative log-likelihood written out, which trains the variance. The
/// analyzer decides whether it can be written (a plain variance variable, constant settings, a scalar reduction) and
/// puts the formula in the diagnostic; the fix parses it in place of the call.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss023CodeFix))]
[Shared]
public sealed class Loss023CodeFix : NodeEditCodeFix
{
    public Loss023CodeFix()
        : base("LOSS023", "LOSS023.PyTorchFormula", "Compute PyTorch's Gaussian NLL, which trains the variance")
    {
    }

    private protected override NodeEdit? Edit(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node) =>
        diagnostic.Properties.TryGetValue(Loss023GaussianNllVariance.FormulaProperty, out var formula) && formula is not null
            ? new NodeEdit(node, current => GeneratedCode.Parse(formula).WithTriviaFrom(current))
            : null;
}
