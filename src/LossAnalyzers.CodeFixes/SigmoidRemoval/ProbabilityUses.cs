using System.Collections.Generic;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes.SigmoidRemoval;

/// <summary>
/// Follows a value that the fix turns from probabilities into logits to everything that uses it: through
/// shape steps, locals and returns from <c>forward</c>. A use that is one of the loss inputs takes the logits;
/// any other use (a metric, a threshold, a print) is collected to be wrapped in <c>torch.sigmoid(...)</c>, so
/// it keeps seeing probabilities.
/// </summary>
internal sealed class ProbabilityUses
{
    private readonly LossAnalysis analysis;
    private readonly ISet<SyntaxNode> sinks;
    private readonly HashSet<SyntaxNode> visited = new();

    public ProbabilityUses(LossAnalysis analysis, ISet<SyntaxNode> sinks)
    {
        this.analysis = analysis;
        this.sinks = sinks;
    }

    public HashSet<SyntaxNode> Wraps { get; } = new();

    public void Visit(IOperation value)
    {
        if (!visited.Add(value.Syntax))
        {
            return;
        }

        var current = value;
        while (current.Parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        if (sinks.Contains(current.Syntax))
        {
            return;
        }

        switch (current.Parent)
        {
            case IInvocationOperation step when step.Instance == current
                                                && analysis.Symbols.IsTensor(step.TargetMethod.ContainingType)
                                                && ShapeSteps.IsPassThrough(step.TargetMethod.Name):
                Visit(step);
                return;
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == current
                                                                                    && analysis.Symbols.IsTensor(indexer.Type):
                Visit(indexer);
                return;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                VisitLocal(declarator.Symbol, declarator.Syntax, current);
                return;
            case ISimpleAssignmentOperation assignment when assignment.Value == current
                                                         && assignment.Target is ILocalReferenceOperation local
                                                         && assignment.Parent is IExpressionStatementOperation:
                VisitLocal(local.Local, assignment.Syntax, current);
                return;
            case IReturnOperation when ReturnsFromForward(current):
                // The module's callers are visited on their own: each of their calls is a changed value.
                return;
            case IExpressionStatementOperation:
                // Computed and dropped.
                return;
            default:
                Wraps.Add(current.Syntax);
                return;
        }
    }

    private void VisitLocal(ILocalSymbol local, SyntaxNode definition, IOperation anchor)
    {
        var root = LocalDefinitions.Root(anchor);
        foreach (var operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference
                || !SymbolEqualityComparer.Default.Equals(reference.Local, local)
                || reference.Parent is ISimpleAssignmentOperation { Target: var target } && target == reference)
            {
                continue;
            }

            var reaching = LocalDefinitions.Reaching(reference, local);
            if (reaching.IsDefault)
            {
                continue;
            }

            foreach (var candidate in reaching)
            {
                if (candidate.Node == definition)
                {
                    Visit(reference);
                    break;
                }
            }
        }
    }

    /// <summary>True when the value is returned by the <c>forward</c> of a user module class.</summary>
    private bool ReturnsFromForward(IOperation value)
    {
        for (var operation = value.Parent; operation is not null; operation = operation.Parent)
        {
            if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }

            if (operation is IMethodBodyOperation && analysis.Model(operation.Syntax.SyntaxTree).GetDeclaredSymbol(operation.Syntax) is IMethodSymbol method)
            {
                return method.ContainingType is { } type
                       && SymbolEqualityComparer.Default.Equals(analysis.FindForward(type), method);
            }
        }

        return false;
    }
}
