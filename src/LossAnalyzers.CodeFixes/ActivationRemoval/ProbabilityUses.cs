using System.Collections.Generic;
using LossAnalyzers.Analysis;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes.ActivationRemoval;

/// <summary>
/// Where a value that the fix changes (probabilities become logits or log-probabilities) goes, asked of the forward
/// half of the value-flow engine: through shape steps, locals, the parameters of helpers that hand it to the loss and
/// back out of them, and the callers of a helper that returns it to the loss. A use that is one of the loss inputs takes
/// the new value; any other use (a metric, a threshold, a print, a field, a helper that does not reach the loss) is
/// collected to be wrapped (<c>torch.sigmoid</c>, <c>torch.softmax</c> or <c>torch.exp</c>) so it keeps seeing what it saw.
/// </summary>
internal sealed class ProbabilityUses
{
    private readonly LossAnalysis analysis;
    private readonly ISet<SyntaxNode> sinks;
    private readonly ActivationRemovalMode mode;

    /// <summary>Only find out whether the value reaches a loss input (<see cref="ReachedSink"/>); wrap nothing.</summary>
    private readonly bool probe;

    public ProbabilityUses(LossAnalysis analysis, ISet<SyntaxNode> sinks, ActivationRemovalMode mode)
        : this(analysis, sinks, mode, probe: false)
    {
    }

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

    /// <summary>True when one use would need two different wraps, or the walk ran out of budget: no fix then.</summary>
    public bool Conflicting { get; private set; }

    /// <summary>How a use gets back the value of <paramref name="site"/>: equal keys restore alike.</summary>
    public static string WrapKey(ActivationSite site, ActivationRemovalMode mode) =>
        mode.ReplaceWithLogSoftmax ? "exp"
        : site.Activation == OriginKind.SoftmaxProbabilities ? "softmax:" + site.Dimension
        : site.Activation == OriginKind.LogProbabilities ? "log_softmax:" + site.Dimension
        : "sigmoid";

    public void Visit(IOperation value, ActivationSite site)
    {
        // A helper that other projects can call is their business: ModuleEscapes looks at the solution for that.
        if (analysis.Flow.Uses.Find(value, use => Classify(use, site)).Exhausted && !probe)
        {
            // Past the engine's budget: what sees the new value there is not known.
            Conflicting = true;
        }
    }

    private UseVerdict Classify(ValueUse use, ActivationSite site)
    {
        var current = use.Occurrence;
        if (sinks.Contains(current.Syntax))
        {
            ReachedSink = true;
            return UseVerdict.Sink;
        }

        switch (current.Parent)
        {
            case IInvocationOperation step when step.Instance == current
                                                && analysis.Symbols.IsTensor(step.TargetMethod.ContainingType)
                                                && ShapeSteps.IsPassThrough(step.TargetMethod.Name):
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == current && analysis.Symbols.IsTensor(indexer.Type):
                return UseVerdict.Same;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation }:
                return UseVerdict.Carry;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation, Parent: IExpressionStatementOperation } assignment
                when assignment.Value == current:
                // `x = torch.sigmoid(x);` on a local or on the parameter itself, as a forward often does.
                return UseVerdict.Carry;
            case IPropertyReferenceOperation { Property.Name: "shape" or "dtype" or "device" } shape when shape.Instance == current:
            case IInvocationOperation { TargetMethod.Name: "size" or "dim" or "numel" } size when size.Instance == current:
                // Only the shape, type or place is read: the same before and after.
                return UseVerdict.Ignore;
            case IReturnOperation when ReturnsFromForward(current):
                // The module's callers are visited on their own: each of their calls is a changed value.
                return UseVerdict.Ignore;
            case IReturnOperation when use.InFollowedCall || probe || CallersFeedLoss(current):
                // Back to the call that passed it in; or, returned from the helper whose result feeds the loss, to every call of it.
                return UseVerdict.Carry;
            case IArgumentOperation { Parameter: { RefKind: RefKind.None, IsParams: false } parameter } argument
                when parameter.ContainingSymbol is IMethodSymbol { DeclaringSyntaxReferences.Length: > 0 } callee
                     && !analysis.IsModuleForward(callee) && analysis.Compilation.ContainsSyntaxTree(callee.DeclaringSyntaxReferences[0].SyntaxTree)
                     && argument.Parent is IInvocationOperation or IObjectCreationOperation
                     && (probe || Reaches(current)):
                // Passed to a helper of this compilation that hands it to the loss: its parameter now holds the new value.
                return UseVerdict.Carry;
            case IExpressionStatementOperation:
                // Computed and dropped.
                return UseVerdict.Ignore;
            default:
                Wrap(current, site);
                return UseVerdict.Ignore;
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

    /// <summary>
    /// Whether the value returned here reaches a loss input through the calls of the helper that returns it. If not,
    /// the returned value is wrapped where it is returned, which keeps every caller, seen or not.
    /// </summary>
    private bool CallersFeedLoss(IOperation returned) =>
        analysis.Flow.EnclosingFunction(returned) is { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction, IsVirtual: false, IsAbstract: false, IsOverride: false } method
        && analysis.CallSitesOf(method) is { Count: > 0 }
        && Reaches(returned);

    /// <summary>Whether <paramref name="value"/> reaches a loss input along every carrier the engine follows; if not, it is wrapped where it is.</summary>
    private bool Reaches(IOperation value)
    {
        var feedsLoss = new ProbabilityUses(analysis, sinks, mode, probe: true);
        feedsLoss.Visit(value, default);
        return feedsLoss.ReachedSink;
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
