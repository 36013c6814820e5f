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
    private LogitsIndex? logits;

    /// <summary>What the compilation shows to be logits (built on first use).</summary>
    public LogitsIndex Logits => LazyInitializer.EnsureInitialized(ref logits, () => new LogitsIndex(this))!;

    /// <summary>
    /// The expressions that computed a tensor value, looking through locals, fields and the shape steps that keep
    /// the values (<c>view</c>, <c>squeeze</c>, <c>detach</c>, indexers, ...): <c>model.forward(x)</c> for
    /// <c>var z = model.forward(x).squeeze(-1)</c>. Empty when some definition is not visible.
    /// </summary>
    public ImmutableArray<IOperation> ValueRoots(IOperation value)
    {
        var roots = ImmutableArray.CreateBuilder<IOperation>();
        return CollectRoots(value, new TraceState(keepModuleCalls: true), roots) ? roots.ToImmutable() : ImmutableArray<IOperation>.Empty;
    }

    private bool CollectRoots(IOperation value, TraceState state, ImmutableArray<IOperation>.Builder roots)
    {
        var found = sources.Find(value, state);
        return found.Complete && CollectRoots(found, state, roots);
    }

    private bool CollectRoots(ValueSources found, TraceState state, ImmutableArray<IOperation>.Builder roots)
    {
        for (var i = 0; i < found.Leaves.Length; i++)
        {
            var leaf = found.Leaves[i];
            var context = found.Contexts[i];
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
                if (!state.Within(leaf.Syntax, () => state.InContext(context, () => CollectRoots(inner, state, roots)), onCycle: true, onTooDeep: false))
                {
                    return false;
                }
            }
            else if (leaf is IInvocationOperation call && state.InContext(context, () => sources.ThroughModule(call, state)) is { } passed)
            {
                // A module whose forward hands its input back (an identity, a wrapper that only reshapes) keeps the value.
                if (!state.Within(leaf.Syntax, () => CollectRoots(passed, state, roots), onCycle: true, onTooDeep: false))
                {
                    return false;
                }
            }
            else
            {
                roots.Add(leaf);
            }
        }

        return true;
    }

    /// <summary>
    /// Which module instance a <c>module.forward(x)</c> call runs: the constructions the receiver may hold; where they
    /// are not visible, the field, property or parameter it reads (every read of it is the same instance). Empty when
    /// <paramref name="root"/> is not a module call or the instance cannot be told; never the class, since another
    /// instance of the same class may be trained for something else.
    /// </summary>
    public ImmutableArray<object> ModuleIdentities(IOperation root)
    {
        if (root is not IInvocationOperation { Instance: { } receiver } call || ModuleCallInput(call) is null)
        {
            return ImmutableArray<object>.Empty;
        }

        var found = sources.Find(receiver, new TraceState());
        if (found.Complete && found.Leaves.Length > 0)
        {
            return found.Leaves.Select(leaf => (object)leaf.Syntax).ToImmutableArray();
        }

        ISymbol? holder = OperationFacts.StripConversions(receiver) switch
        {
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field.OriginalDefinition,
            IPropertyReferenceOperation { Property.IsIndexer: false, Instance: null or IInstanceReferenceOperation } property => property.Property.OriginalDefinition,
            IParameterReferenceOperation parameter when LocalDefinitions.Collect(LocalDefinitions.Root(parameter), parameter.Parameter).IsEmpty => parameter.Parameter,
            _ => null,
        };
        return holder is null ? ImmutableArray<object>.Empty : ImmutableArray.Create<object>(holder);
    }

    /// <summary>
    /// True when a module call behind <paramref name="value"/> runs a model whose <c>forward</c> visibly returns
    /// probabilities on some path (a sigmoid in evaluation mode, say): its outputs are then not known to be logits.
    /// </summary>
    public bool MayReturnProbabilities(IOperation value)
    {
        foreach (var root in ValueRoots(value))
        {
            if (root is not IInvocationOperation { Instance: { } receiver } call || ModuleCallInput(call) is null)
            {
                continue;
            }

            var found = sources.Find(receiver, new TraceState());
            var classes = found.Leaves.Select(leaf => UserModuleClass(leaf.Type)).Append(UserModuleClass(receiver.Type));
            foreach (var type in classes)
            {
                if (type is not null && FindForward(type) is { } forward
                    && Returns(forward).Any(returned => returned is not null && sources.Find(returned, new TraceState()).Leaves.Any(IsProbabilities)))
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
