using System.Collections.Generic;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes.ActivationRemoval;

/// <summary>
/// Follows a value that the fix changes (probabilities become logits or log-probabilities) to everything that
/// uses it: through shape steps, locals and returns from <c>forward</c>. A use that is one of the loss inputs
/// takes the new value; any other use (a metric, a threshold, a print) is collected to be wrapped
/// (<c>torch.sigmoid</c>, <c>torch.softmax</c> or <c>torch.exp</c>) so it keeps seeing what it saw.
/// </summary>
internal sealed class ProbabilityUses
{
    private readonly LossAnalysis analysis;
    private readonly ISet<SyntaxNode> sinks;
    private readonly ActivationRemovalMode mode;
    private readonly HashSet<SyntaxNode> visited = new();

    public ProbabilityUses(LossAnalysis analysis, ISet<SyntaxNode> sinks, ActivationRemovalMode mode)
    {
        this.analysis = analysis;
        this.sinks = sinks;
        this.mode = mode;
    }

    public Dictionary<SyntaxNode, ActivationSite> Wraps { get; } = new();

    /// <summary>True when one use would need two different wraps: no fix then.</summary>
    public bool Conflicting { get; private set; }

    /// <summary>How a use gets back the value of <paramref name="site"/>: equal keys restore alike.</summary>
    public static string WrapKey(ActivationSite site, ActivationRemovalMode mode) =>
        mode.ReplaceWithLogSoftmax ? "exp"
        : site.Activation == OriginKind.SoftmaxProbabilities ? "softmax:" + site.Dimension
        : site.Activation == OriginKind.LogProbabilities ? "log_softmax:" + site.Dimension
        : "sigmoid";

    public void Visit(IOperation value, ActivationSite site)
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
                Visit(step, site);
                return;
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == current
                                                                                    && analysis.Symbols.IsTensor(indexer.Type):
                Visit(indexer, site);
                return;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                VisitLocal(declarator.Symbol, declarator.Syntax, current, site);
                return;
            case ISimpleAssignmentOperation assignment when assignment.Value == current
                                                         && VariableOf(assignment.Target) is { } variable
                                                         && assignment.Parent is IExpressionStatementOperation:
                // `x = torch.sigmoid(x);` on a local or on the parameter itself, as a forward often does.
                VisitLocal(variable, assignment.Syntax, current, site);
                return;
            case IPropertyReferenceOperation { Property.Name: "shape" or "dtype" or "device" } shape when shape.Instance == current:
            case IInvocationOperation { TargetMethod.Name: "size" or "dim" or "numel" } size when size.Instance == current:
                // Only the shape, type or place is read: the same before and after.
                return;
            case IReturnOperation when ReturnsFromForward(current):
                // The module's callers are visited on their own: each of their calls is a changed value.
                return;
            case IExpressionStatementOperation:
                // Computed and dropped.
                return;
            default:
                if (Wraps.TryGetValue(current.Syntax, out var existing) && WrapKey(existing, mode) != WrapKey(site, mode))
                {
                    Conflicting = true;
                }

                Wraps[current.Syntax] = site;
                return;
        }
    }

    private static ISymbol? VariableOf(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    private void VisitLocal(ISymbol local, SyntaxNode definition, IOperation anchor, ActivationSite site)
    {
        var root = LocalDefinitions.Root(anchor);
        foreach (var reference in root.Descendants())
        {
            if (!SymbolEqualityComparer.Default.Equals(VariableOf(reference), local)
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
                    Visit(reference, site);
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
