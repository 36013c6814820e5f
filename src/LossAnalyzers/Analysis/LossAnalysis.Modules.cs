using System.Collections.Immutable;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

internal sealed partial class LossAnalysis
{
    /// <summary>What a module expression does; null when every path leads back into a cycle.</summary>
    private ModuleBehavior? Behavior(IOperation module, TraceState state)
    {
        var behaviors = Flow.Sources.Answers(module, state, leaf => LeafBehavior(leaf, state) is { } behavior ? new Optional<ModuleBehavior>(behavior) : default, ModuleBehavior.Unknown);

        // Where the sources are not all known (a parameter, a field set from outside), the declared type may still say enough.
        return behaviors.IsDefault ? BehaviorOfType(module.Type, state) : behaviors.IsEmpty ? null : ModuleBehavior.Merge(behaviors);
    }

    private ModuleBehavior? LeafBehavior(IOperation leaf, TraceState state) => leaf switch
    {
        IInvocationOperation invocation => InvocationBehavior(invocation, state),
        IObjectCreationOperation creation => BehaviorOfType(creation.Type, state),
        _ => BehaviorOfType(leaf.Type, state),
    };

    private ModuleBehavior? InvocationBehavior(IInvocationOperation invocation, TraceState state)
    {
        var method = invocation.TargetMethod;
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, Symbols.Nn))
        {
            if (SymbolEqualityComparer.Default.Equals(method.ReturnType, Symbols.Linear))
            {
                var width = OperationFacts.ConstantInteger(OperationFacts.Argument(invocation, "outputSize")?.Value);
                return ModuleBehavior.Producing(new TensorOrigin(OriginKind.Logits, width, false, ImmutableArray<ActivationSite>.Empty));
            }

            if (SymbolEqualityComparer.Default.Equals(method.ReturnType, Symbols.Sequential))
            {
                return SequentialBehavior(invocation, state);
            }

            if (SymbolEqualityComparer.Default.Equals(method.ReturnType, Symbols.Softmax)
                || SymbolEqualityComparer.Default.Equals(method.ReturnType, Symbols.LogSoftmax))
            {
                var kind = SymbolEqualityComparer.Default.Equals(method.ReturnType, Symbols.Softmax) ? OriginKind.SoftmaxProbabilities : OriginKind.LogProbabilities;
                return ModuleBehavior.Activation(kind, OperationFacts.Argument(invocation, "dim")?.Value.Syntax);
            }

            return BehaviorOfType(method.ReturnType, state);
        }

        if (IsModulePassThrough(invocation, out var receiver))
        {
            return Behavior(receiver, state);
        }

        if (Symbols.IsModule1(method.ReturnType) && method.DeclaringSyntaxReferences.Length > 0 && !method.IsAbstract)
        {
            return FactoryBehavior(method.OriginalDefinition, state);
        }

        return BehaviorOfType(method.ReturnType, state);
    }

    /// <summary><c>model.to(device)</c>, <c>model.cuda()</c>, <c>model.@double()</c> return the same module.</summary>
    private bool IsModulePassThrough(IInvocationOperation invocation, out IOperation receiver) =>
        IsModuleMove(invocation, out receiver) && Symbols.IsModule1(invocation.TargetMethod.ReturnType) && Symbols.IsModule1(receiver.Type);

    /// <summary>
    /// <c>m.to(device)</c>, <c>m.cuda()</c>, <c>m.cpu()</c>, <c>m.@double()</c> and the like on any module (a model or a
    /// loss): they move or convert the module in place and return it.
    /// </summary>
    public bool IsModuleMove(IInvocationOperation invocation, out IOperation receiver)
    {
        var method = invocation.TargetMethod;
        receiver = (method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : invocation.Instance)!;
        return method.Name is "to" or "cuda" or "cpu" or "float" or "double" or "half" or "bfloat16"
            && receiver is not null
            && Symbols.IsModule(method.ReturnType)
            && Symbols.IsModule(receiver.Type);
    }

    /// <summary>A Sequential is classified by its last element; the width flows through activation layers.</summary>
    private ModuleBehavior SequentialBehavior(IInvocationOperation invocation, TraceState state)
    {
        if (invocation.Arguments.Length != 1)
        {
            return ModuleBehavior.Unknown;
        }

        var elements = OperationFacts.Elements(invocation.Arguments[0].Value);
        if (elements.IsDefaultOrEmpty)
        {
            return ModuleBehavior.Unknown;
        }

        var behavior = ModuleBehavior.Identity;
        foreach (var (value, node) in elements)
        {
            var module = OperationFacts.StripConversions(value) is ITupleOperation { Elements.Length: 2 } named
                ? named.Elements[1]
                : value;
            var next = Behavior(module, state) ?? ModuleBehavior.Unknown;
            behavior = behavior.Then(next, node);
        }

        return behavior.PassesThrough ? ModuleBehavior.Unknown : behavior;
    }

    /// <summary>A method of this compilation that builds a module: every return must agree.</summary>
    private ModuleBehavior? FactoryBehavior(IMethodSymbol method, TraceState state) =>
        state.Cached(methodBehaviors, method, () => ReturnedBehavior(method, state), ModuleBehavior.Unknown);

    private ModuleBehavior? ReturnedBehavior(IMethodSymbol method, TraceState state)
    {
        var behaviors = ImmutableArray.CreateBuilder<ModuleBehavior>();
        foreach (var returned in Returns(method))
        {
            if (returned is null)
            {
                return ModuleBehavior.Unknown;
            }

            if (Behavior(returned, state) is { } behavior)
            {
                behaviors.Add(behavior);
            }
        }

        return behaviors.Count == 0 ? null : ModuleBehavior.Merge(behaviors.ToImmutable());
    }

    /// <summary>By type: TorchSharp's activation and linear modules, or a user module class whose <c>forward</c> decides.</summary>
    private ModuleBehavior? BehaviorOfType(ITypeSymbol? type, TraceState state)
    {
        if (type is not INamedTypeSymbol named)
        {
            return ModuleBehavior.Unknown;
        }

        if (SymbolEqualityComparer.Default.Equals(named, Symbols.Sigmoid))
        {
            return ModuleBehavior.Activation(OriginKind.SigmoidProbabilities);
        }

        if (SymbolEqualityComparer.Default.Equals(named, Symbols.Softmax))
        {
            return ModuleBehavior.Activation(OriginKind.SoftmaxProbabilities);
        }

        if (SymbolEqualityComparer.Default.Equals(named, Symbols.LogSoftmax))
        {
            return ModuleBehavior.Activation(OriginKind.LogProbabilities);
        }

        if (SymbolEqualityComparer.Default.Equals(named, Symbols.Linear))
        {
            return ModuleBehavior.Producing(new TensorOrigin(OriginKind.Logits, null, false, ImmutableArray<ActivationSite>.Empty));
        }

        if (SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, Symbols.Torch.ContainingAssembly))
        {
            return TorchModuleByName(named);
        }

        if (named.DeclaringSyntaxReferences.Length > 0 && Symbols.IsModule1(named))
        {
            return ClassBehavior(named, state);
        }

        return ModuleBehavior.Unknown;
    }

    /// <summary>TorchSharp's own layers that keep the input (Identity) or its shape (element-wise activations, dropout).</summary>
    private static ModuleBehavior TorchModuleByName(INamedTypeSymbol type) =>
        TorchLayers.ShapeOnly.Contains(type.Name) ? ModuleBehavior.Identity
        : TorchLayers.Reshaping.Contains(type.Name) ? ModuleBehavior.Reshaping
        : TorchLayers.ElementWise.Contains(type.Name) ? ModuleBehavior.ShapePreserving()
        : ModuleBehavior.Unknown;

    /// <summary>A user <c>Module&lt;Tensor, Tensor&gt;</c> class: what its most derived <c>forward</c> returns on every path.</summary>
    private ModuleBehavior? ClassBehavior(INamedTypeSymbol type, TraceState state)
    {
        type = type.OriginalDefinition;
        return Modules.TensorForwardOf(type) is { } forward
            ? state.Cached(classBehaviors, type, () => ForwardBehavior(forward, state), ModuleBehavior.Unknown)
            : ModuleBehavior.Unknown;
    }

    private ModuleBehavior? ForwardBehavior(IMethodSymbol forward, TraceState state)
    {
        var origins = ImmutableArray.CreateBuilder<TensorOrigin>();
        foreach (var returned in Returns(forward))
        {
            if (returned is null)
            {
                return ModuleBehavior.Unknown;
            }

            if (Origin(returned, state) is { } origin)
            {
                origins.Add(origin);
            }
        }

        return origins.Count == 0 ? null : ModuleBehavior.Producing(TensorOrigin.Merge(origins.ToImmutable()));
    }

    /// <summary>
    /// The <c>forward(Tensor)</c> of a one-input tensor module: what it does with its input is the module analysis's to
    /// say, per call. Other modules' forwards (two inputs, a tuple or a record out) are followed like any method.
    /// </summary>
    public bool IsModuleForward(IMethodSymbol method) =>
        method.Name == "forward" && method.Parameters.Length == 1 && Symbols.IsTensor(method.Parameters[0].Type)
        && Symbols.IsTensor(method.ReturnType) && Symbols.IsModule1(method.ContainingType);

    /// <summary>The returned values of a source method; a null entry where one is missing (an extern or abstract body).</summary>
    private ImmutableArray<IOperation?> Returns(IMethodSymbol method)
    {
        var builder = ImmutableArray.CreateBuilder<IOperation?>();
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            // A method of a referenced project's source cannot be bound here: what it returns is not known.
            var body = Compilation.ContainsSyntaxTree(reference.SyntaxTree) ? Model(reference.SyntaxTree).GetOperation(reference.GetSyntax()) : null;
            if (body is null)
            {
                builder.Add(null);
                continue;
            }

            foreach (var value in ReturnedValues.Of(body))
            {
                builder.Add(value);
            }
        }

        return builder.ToImmutable();
    }
}
