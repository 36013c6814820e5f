using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Flow;

/// <summary>
/// What the value-flow engine must know of the tensor library's modules to follow values through them: which types are
/// modules, which call runs a module and with which input, where a user <c>forward</c> is, and which library factories
/// build collections of modules. The catalogue of TorchSharp implements it; the engine knows nothing else of TorchSharp.
/// </summary>
internal interface IModuleModel
{
    /// <summary>True for a module type (the library's base module class or anything derived from it).</summary>
    bool IsModule(ITypeSymbol? type);

    /// <summary>The input argument of a one-input module call (<c>module.forward(x)</c>, <c>module.call(x)</c>); null for any other call.</summary>
    IArgumentOperation? CallInput(IInvocationOperation invocation);

    /// <summary>True when <paramref name="type"/> is the library's tensor type.</summary>
    bool IsTensor(ITypeSymbol? type);

    /// <summary>The user <c>forward</c> with <paramref name="arity"/> parameters that a module call on <paramref name="receiverType"/> runs; null when not in source.</summary>
    IMethodSymbol? ForwardOf(ITypeSymbol? receiverType, int arity);

    /// <summary>The library's factory of an ordered collection of modules (<c>Sequential(...)</c>, <c>ModuleList(...)</c>).</summary>
    bool IsSequenceFactory(IMethodSymbol method);

    /// <summary>The library's factory of a dictionary of modules (<c>ModuleDict(...)</c>).</summary>
    bool IsDictionaryFactory(IMethodSymbol method);

    /// <summary>The library's dictionary of modules type.</summary>
    bool IsDictionary(ITypeSymbol? type);
}
