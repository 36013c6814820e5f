using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

internal sealed partial class LossAnalysis
{
    /// <summary>
    /// The expressions that computed a tensor value, looking through locals, fields and the shape steps that keep
    /// the values (<c>view</c>, <c>squeeze</c>, <c>detach</c>, indexers, ...): <c>model.forward(x)</c> for
    /// <c>var z = model.forward(x).squeeze(-1)</c>. Empty when some definition is not visible.
    /// </summary>
    public ImmutableArray<IOperation> ValueRoots(IOperation value)
    {
        var roots = Roots(value, new TraceState(keepModuleCalls: true));
        return roots.IsDefault ? ImmutableArray<IOperation>.Empty : roots;
    }

    private ImmutableArray<IOperation> Roots(IOperation value, TraceState state) => Roots(Flow.Sources.Find(value, state), state);

    private ImmutableArray<IOperation> Roots(ValueSources found, TraceState state)
    {
        var roots = Flow.Sources.Answers(found, state, leaf => LeafRoots(leaf, state), tooDeep: default(ImmutableArray<IOperation>));
        return roots.IsDefault || roots.Any(r => r.IsDefault) ? default : roots.SelectMany(r => r).ToImmutableArray();
    }

    /// <summary>What a leaf is made from: the value under a shape step, the input a module hands back, or the leaf itself.</summary>
    private ImmutableArray<IOperation> LeafRoots(IOperation leaf, TraceState state)
    {
        IOperation? inner = leaf switch
        {
            IInvocationOperation { Instance: { } receiver, TargetMethod: var method }
                when Symbols.IsTensor(method.ContainingType) && ShapeSteps.IsPassThrough(method.Name) => receiver,
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } indexer
                when Symbols.IsTensor(indexer.Property.ContainingType) => instance,
            IArrayElementReferenceOperation { ArrayReference: IInvocationOperation { Instance: { } whole } pieces }
                when Symbols.IsTensor(pieces.TargetMethod.ContainingType) && ShapeSteps.IsPieces(pieces.TargetMethod.Name) => whole,
            _ => null,
        };

        if (inner is not null)
        {
            return Roots(inner, state);
        }

        // A module whose forward hands its input back (an identity, a wrapper that only reshapes) keeps the value.
        return leaf is IInvocationOperation call && Flow.Sources.ThroughModule(call, state) is { } passed
            ? Roots(passed, state)
            : ImmutableArray.Create(leaf);
    }

    /// <summary>
    /// The loss call that shows <paramref name="value"/> to be logits (null when nothing does): every root of the value is
    /// fed to a <c>BCEWithLogitsLoss</c> (or <c>binary_cross_entropy_with_logits</c>) input, or comes from a module
    /// instance another output of which is; <c>Direct</c> is false when that is the evidence for some root. Asked of the
    /// forward half of the engine from the value's roots and module instances, so only their uses are bound.
    /// </summary>
    public (SyntaxNode? Loss, bool Direct) LogitsEvidence(IOperation value)
    {
        SyntaxNode? loss = null;
        var direct = true;
        foreach (var root in ValueRoots(value))
        {
            if (FedToLogitsLoss(root, throughModuleCalls: false) is { } fed)
            {
                loss = fed;
                continue;
            }

            var viaModel = ModuleInstance(root).Select(start => FedToLogitsLoss(start, throughModuleCalls: true)).FirstOrDefault(found => found is not null);
            if (viaModel is null)
            {
                return (null, false);
            }

            loss = viaModel;
            direct = false;
        }

        return (loss, direct);
    }

    /// <summary>The BCE-with-logits call whose input <paramref name="start"/> reaches (through shape steps, and through the module's calls when it is a module); null when none.</summary>
    private SyntaxNode? FedToLogitsLoss(IOperation start, bool throughModuleCalls)
    {
        var found = Flow.Uses.Find(start, use =>
        {
            var occurrence = use.Occurrence;
            switch (occurrence.Parent)
            {
                case IArgumentOperation { Parent: IInvocationOperation invocation } argument
                    when TryGetLossCall(invocation, out var call) && call.Kind == LossKind.BCEWithLogits && call.Input.Syntax == argument.Syntax:
                    return UseVerdict.Sink;
                case IInvocationOperation step when step.Instance == occurrence && Symbols.IsTensor(step.TargetMethod.ContainingType) && ShapeSteps.IsPassThrough(step.TargetMethod.Name):
                    return UseVerdict.Same;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == occurrence && Symbols.IsTensor(indexer.Type):
                    return UseVerdict.Same;
                case IInvocationOperation moduleCall when throughModuleCalls && moduleCall.Instance == occurrence && (Modules.CallInput(moduleCall) is not null || IsModuleMove(moduleCall, out _)):
                    return UseVerdict.Same;
                case IArgumentOperation { Parent: IInvocationOperation move } when throughModuleCalls && IsModuleMove(move, out var moved) && moved == occurrence:
                    return UseVerdict.Same;
                default:
                    return UseVerdict.Carry;
            }
        });
        return found.Sinks.IsEmpty ? null : found.Sinks[0].Parent!.Parent!.Syntax;
    }

    /// <summary>
    /// Where the module instance a <c>module.forward(x)</c> call runs is found: the constructions the receiver may hold;
    /// where they are not visible, the reads of the field, property or parameter it comes from (every read of it is the
    /// same instance). Empty when <paramref name="root"/> is not a module call or the instance cannot be told; never the
    /// class, since another instance of the same class may be trained for something else.
    /// </summary>
    private IEnumerable<IOperation> ModuleInstance(IOperation root)
    {
        if (root is not IInvocationOperation { Instance: { } receiver } call || Modules.CallInput(call) is null)
        {
            return Enumerable.Empty<IOperation>();
        }

        var found = Flow.Sources.Find(receiver, new TraceState());
        if (found.Complete && found.Leaves.Length > 0)
        {
            return found.Leaves;
        }

        return OperationFacts.StripConversions(receiver) switch
        {
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => ReferencesTo(field.Field),
            IPropertyReferenceOperation { Property.IsIndexer: false, Instance: null or IInstanceReferenceOperation } property => ReferencesTo(property.Property),
            IParameterReferenceOperation parameter when LocalDefinitions.Collect(LocalDefinitions.Root(parameter), parameter.Parameter).IsEmpty =>
                LocalDefinitions.Root(parameter).Descendants().Where(o => o is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter, parameter.Parameter)),
            _ => Enumerable.Empty<IOperation>(),
        };
    }

    /// <summary>
    /// True when a module call behind <paramref name="value"/> runs a model whose <c>forward</c> visibly returns
    /// probabilities on some path (a sigmoid in evaluation mode, say): its outputs are then not known to be logits.
    /// </summary>
    public bool MayReturnProbabilities(IOperation value)
    {
        foreach (var root in ValueRoots(value))
        {
            if (root is not IInvocationOperation { Instance: { } receiver } call || Modules.CallInput(call) is null)
            {
                continue;
            }

            var found = Flow.Sources.Find(receiver, new TraceState());
            var classes = found.Leaves.Select(leaf => UserModuleClass(leaf.Type)).Append(UserModuleClass(receiver.Type));
            foreach (var type in classes)
            {
                if (type is not null && Modules.TensorForwardOf(type) is { } forward
                    && Returns(forward).Any(returned => returned is not null && Flow.Sources.Find(returned, new TraceState()).Leaves.Any(IsProbabilities)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool IsProbabilities(IOperation value) =>
        OriginOf(value).Kind is OriginKind.SigmoidProbabilities or OriginKind.SoftmaxProbabilities or OriginKind.TwoColumnFromSigmoid;

    private INamedTypeSymbol? UserModuleClass(ITypeSymbol? type) =>
        type is INamedTypeSymbol { DeclaringSyntaxReferences.Length: > 0 } named && Symbols.IsModule1(named) ? named.OriginalDefinition : null;
}
