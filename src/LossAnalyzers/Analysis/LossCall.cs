using System.Collections.Immutable;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

/// <summary>Where a loss module was built: <c>nn.BCELoss(...)</c>, <c>BCELoss(...)</c> through <c>using static</c>, or <c>new BCELoss(...)</c>.</summary>
internal sealed class LossConstruction
{
    public LossConstruction(LossKind kind, IOperation creation)
    {
        Kind = kind;
        Creation = creation;
    }

    public LossKind Kind { get; }

    /// <summary>The invocation or object creation that built the loss.</summary>
    public IOperation Creation { get; }

    /// <summary>The argument passed for <paramref name="parameter"/> (<c>weight</c>, <c>pos_weights</c>, <c>reduction</c>), if any.</summary>
    public IArgumentOperation? Argument(string parameter) => OperationFacts.Argument(Creation, parameter);
}

/// <summary>One evaluation of a catalogued loss: the module's <c>forward</c>/<c>call</c>, or a functional form.</summary>
internal sealed class LossCall
{
    public LossCall(LossKind kind, IInvocationOperation invocation, IArgumentOperation input, IArgumentOperation target, ImmutableArray<LossConstruction> constructions)
    {
        Kind = kind;
        Invocation = invocation;
        Input = input;
        Target = target;
        Constructions = constructions;
    }

    public LossKind Kind { get; }

    public IInvocationOperation Invocation { get; }

    /// <summary>The input (first) argument: what the model produced.</summary>
    public IArgumentOperation Input { get; }

    /// <summary>The target argument: the second, the third of the two-input ranking losses (<c>LossDefinition.TargetIndex</c>).</summary>
    public IArgumentOperation Target { get; }

    /// <summary>
    /// Where the loss module was built; empty for the functional forms, and for a module whose construction
    /// is not visible (its kind then comes from its declared type).
    /// </summary>
    public ImmutableArray<LossConstruction> Constructions { get; }

    public bool IsFunctional => Invocation.Instance is null;

    /// <summary>The argument for <paramref name="parameter"/> of the functional call or of the single construction.</summary>
    public IArgumentOperation? Argument(string parameter)
    {
        if (IsFunctional)
        {
            return OperationFacts.Argument(Invocation, parameter);
        }

        return Constructions.Length == 1 ? Constructions[0].Argument(parameter) : null;
    }

    public string Name => LossCatalog.Of(Kind).Name(IsFunctional);
}

/// <summary>Where a loss construction goes: the calls that evaluate it in view, and whether it also goes where calls cannot be seen.</summary>
internal readonly struct LossUses
{
    public LossUses(ImmutableArray<LossCall> calls, bool escapes, ImmutableArray<ISymbol> holders = default)
    {
        Calls = calls;
        Escapes = escapes;
        Holders = holders.IsDefault ? ImmutableArray<ISymbol>.Empty : holders;
    }

    /// <summary>The calls that can be seen; never default.</summary>
    public ImmutableArray<LossCall> Calls { get; }

    /// <summary>The loss is handed to code the walk cannot follow (outside the compilation, a collection, a lambda's result).</summary>
    public bool Escapes { get; }

    /// <summary>The locals, parameters, fields, properties and methods the loss was stored in or returned from on its way.</summary>
    public ImmutableArray<ISymbol> Holders { get; }

    /// <summary>Built and never called, nor handed anywhere it could be: nothing it is built with matters.</summary>
    public bool NeverCalled => !Escapes && Calls.IsEmpty;
}
