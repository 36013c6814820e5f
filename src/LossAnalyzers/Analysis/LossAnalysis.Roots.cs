using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
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
        return CollectRoots(value, new TraceState(), roots) ? roots.ToImmutable() : ImmutableArray<IOperation>.Empty;
    }

    private bool CollectRoots(IOperation value, TraceState state, ImmutableArray<IOperation>.Builder roots)
    {
        var found = sources.Find(value, state);
        if (!found.Complete)
        {
            return false;
        }

        foreach (var leaf in found.Leaves)
        {
            IOperation? inner = leaf switch
            {
                IInvocationOperation { Instance: { } receiver, TargetMethod: var method }
                    when Symbols.IsTensor(method.ContainingType) && ShapeSteps.IsPassThrough(method.Name) => receiver,
                IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } indexer
                    when Symbols.IsTensor(indexer.Property.ContainingType) => instance,
                _ => null,
            };

            if (inner is null)
            {
                roots.Add(leaf);
                continue;
            }

            switch (state.Enter(leaf.Syntax))
            {
                case EnterResult.Cycle:
                    continue;
                case EnterResult.TooDeep:
                    return false;
            }

            try
            {
                if (!CollectRoots(inner, state, roots))
                {
                    return false;
                }
            }
            finally
            {
                state.Exit(leaf.Syntax);
            }
        }

        return true;
    }

    /// <summary>
    /// Which model a <c>module.forward(x)</c> call runs: the constructions the receiver may hold; where they are not
    /// visible, the user module class it is declared as. <paramref name="includeClass"/> adds the class as well.
    /// Empty when <paramref name="root"/> is not a module call or the model cannot be told.
    /// </summary>
    public ImmutableArray<object> ModuleIdentities(IOperation root, bool includeClass)
    {
        if (root is not IInvocationOperation { Instance: { } receiver } call || ModuleCallInput(call) is null)
        {
            return ImmutableArray<object>.Empty;
        }

        var identities = ImmutableArray.CreateBuilder<object>();
        var found = sources.Find(receiver, new TraceState());
        if (found.Complete && found.Leaves.Length > 0)
        {
            foreach (var leaf in found.Leaves)
            {
                identities.Add(leaf.Syntax);
                if (includeClass && UserModuleClass(leaf.Type) is { } leafClass)
                {
                    identities.Add(leafClass);
                }
            }
        }

        if ((identities.Count == 0 || includeClass) && UserModuleClass(receiver.Type) is { } declared)
        {
            identities.Add(declared);
        }

        return identities.ToImmutable();
    }

    private INamedTypeSymbol? UserModuleClass(ITypeSymbol? type) =>
        type is INamedTypeSymbol { DeclaringSyntaxReferences.Length: > 0 } named && Symbols.IsModule1(named) ? named.OriginalDefinition : null;
}
