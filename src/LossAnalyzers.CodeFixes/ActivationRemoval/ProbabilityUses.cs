using System.Collections.Generic;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
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

    private readonly bool probe;

    public ProbabilityUses(LossAnalysis analysis, ISet<SyntaxNode> sinks, ActivationRemovalMode mode)
        : this(analysis, sinks, mode, probe: false)
    {
    }

    /// <param name="probe">Only find out whether the value reaches a loss input (<see cref="ReachedSink"/>); wrap nothing.</param>
    private ProbabilityUses(LossAnalysis analysis, ISet<SyntaxNode> sinks, ActivationRemovalMode mode, bool probe)
    {
        this.analysis = analysis;
        this.sinks = sinks;
        this.mode = mode;
        this.probe = probe;
    }

    /// <summary>In a probe: whether a visited value reached one of the loss inputs.</summary>
    public bool ReachedSink { get; private set; }

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
            ReachedSink = true;
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
            case IReturnOperation when CallersToFollow(current) is { } calls:
                // Returned from a helper whose result feeds the loss: every call of it now returns the new value.
                foreach (var call in calls)
                {
                    Visit(call, site);
                }

                return;
            case IArgumentOperation { Parameter: { RefKind: RefKind.None, IsParams: false } parameter } argument
                when parameter.ContainingSymbol is IMethodSymbol { DeclaringSyntaxReferences.Length: > 0 } callee
                     && !analysis.IsModuleForward(callee) && analysis.Compilation.ContainsSyntaxTree(callee.DeclaringSyntaxReferences[0].SyntaxTree)
                     && argument.Parent is IInvocationOperation or IObjectCreationOperation
                     && ParameterFeedsLoss(parameter.OriginalDefinition, callee.OriginalDefinition):
                // Passed to a helper of this compilation that hands it to the loss: its parameter now holds the new
                // value (every caller passes the activation, or the loss would not have been reported).
                VisitParameter(parameter.OriginalDefinition, callee.OriginalDefinition, site);
                return;
            case IExpressionStatementOperation:
                // Computed and dropped.
                return;
            default:
                Wrap(current, site);
                return;
        }
    }

    /// <summary>A use that must keep seeing the old value: wrapped (nothing in a probe).</summary>
    private void Wrap(IOperation current, ActivationSite site)
    {
        if (probe)
        {
            return;
        }

        if ((Wraps.TryGetValue(current.Syntax, out var existing) && WrapKey(existing, mode) != WrapKey(site, mode))
            || current.Syntax == site.Node)
        {
            // Two ways to restore one use, or the activation itself would be restored where it is removed.
            Conflicting = true;
        }

        Wraps[current.Syntax] = site;
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

    /// <summary>
    /// The calls of the helper that returns <paramref name="returned"/>, when one of them feeds a loss input: they all
    /// get the new value. Null when none does: the returned value is then wrapped where it is returned, which keeps
    /// every caller, seen or not.
    /// </summary>
    private IReadOnlyList<IOperation>? CallersToFollow(IOperation returned)
    {
        var method = EnclosingMethod(returned);
        var calls = method is { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction, IsVirtual: false, IsAbstract: false, IsOverride: false }
            ? analysis.CallSitesOf(method)
            : null;
        if (calls is null || calls.Count == 0)
        {
            return null;
        }

        var feedsLoss = new ProbabilityUses(analysis, sinks, mode, probe: true);
        foreach (var call in calls)
        {
            feedsLoss.Visit(call, default);
        }

        return feedsLoss.ReachedSink ? calls : null;
    }

    /// <summary>Whether the value passed for a parameter reaches a loss input; if not, the argument is wrapped where it is passed.</summary>
    private bool ParameterFeedsLoss(IParameterSymbol parameter, IMethodSymbol method)
    {
        var feedsLoss = new ProbabilityUses(analysis, sinks, mode, probe: true);
        feedsLoss.VisitParameter(parameter, method, default);
        return feedsLoss.ReachedSink;
    }

    /// <summary>The uses of a parameter that see the value passed in (not one assigned in the body).</summary>
    private void VisitParameter(IParameterSymbol parameter, IMethodSymbol method, ActivationSite site)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (analysis.Model(reference.SyntaxTree).GetOperation(reference.GetSyntax()) is not { } body)
            {
                Conflicting = true;
                return;
            }

            foreach (var use in body.DescendantsAndSelf())
            {
                if (use is IParameterReferenceOperation { Parameter: var referenced }
                    && SymbolEqualityComparer.Default.Equals(referenced.OriginalDefinition, parameter)
                    && !(use.Parent is ISimpleAssignmentOperation { Target: var target } && target == use))
                {
                    LocalDefinitions.Reaching(use, referenced, out var incoming);
                    if (incoming)
                    {
                        Visit(use, site);
                    }
                }
            }
        }
    }

    private IMethodSymbol? EnclosingMethod(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol;
                case ILocalFunctionOperation local:
                    return local.Symbol;
                case IMethodBodyOperation:
                    return analysis.Model(current.Syntax.SyntaxTree).GetDeclaredSymbol(current.Syntax) as IMethodSymbol;
            }
        }

        return null;
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
                       && SymbolEqualityComparer.Default.Equals(analysis.Modules.TensorForwardOf(type), method);
            }
        }

        return false;
    }
}
