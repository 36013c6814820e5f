using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Catalog;

/// <summary>TorchSharp's modules as the value-flow engine needs them (see <see cref="IModuleModel"/>), read off its symbols.</summary>
internal sealed class TorchModules : IModuleModel
{
    private readonly TorchSymbols symbols;

    public TorchModules(TorchSymbols symbols) => this.symbols = symbols;

    public bool IsModule(ITypeSymbol? type) => symbols.IsModule(type);

    public bool IsTensor(ITypeSymbol? type) => symbols.IsTensor(type);

    public IArgumentOperation? CallInput(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("forward" or "call")
            || invocation.Instance is null
            || invocation.Arguments.Length != 1
            || !symbols.IsModule1(invocation.Instance.Type)
            || !symbols.IsTensor(method.Parameters[0].Type))
        {
            return null;
        }

        return invocation.Arguments[0];
    }

    public IMethodSymbol? ForwardOf(ITypeSymbol? receiverType, int arity)
    {
        for (var type = receiverType as INamedTypeSymbol; type is not null && type.DeclaringSyntaxReferences.Length > 0; type = type.BaseType)
        {
            foreach (var member in type.GetMembers("forward"))
            {
                if (member is IMethodSymbol { IsStatic: false, IsAbstract: false } method && method.Parameters.Length == arity)
                {
                    return method;
                }
            }
        }

        return null;
    }

    /// <summary>The <c>forward(Tensor)</c> returning a tensor that runs for <paramref name="type"/>: its own, or the nearest base class's in source.</summary>
    public IMethodSymbol? TensorForwardOf(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.DeclaringSyntaxReferences.Length > 0; current = current.BaseType)
        {
            foreach (var member in current.GetMembers("forward"))
            {
                if (member is IMethodSymbol { IsStatic: false, IsAbstract: false, Parameters.Length: 1 } method
                    && symbols.IsTensor(method.Parameters[0].Type)
                    && symbols.IsTensor(method.ReturnType))
                {
                    return method;
                }
            }
        }

        return null;
    }

    public bool IsSequenceFactory(IMethodSymbol method) =>
        method.Name is "ModuleList" or "Sequential" && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Nn);

    public bool IsDictionaryFactory(IMethodSymbol method) =>
        method.Name == "ModuleDict" && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Nn);

    public bool IsDictionary(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, symbols.ModuleDict);
}
