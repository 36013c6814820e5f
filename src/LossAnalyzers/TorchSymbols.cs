using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers;

/// <summary>
/// The TorchSharp types the rules match against, looked up once per compilation.
/// Every rule compares symbols with these, never names alone, so a user type that merely
/// shares a name with TorchSharp's is never mistaken for it.
/// </summary>
internal sealed class TorchSymbols
{
    private TorchSymbols(Compilation compilation, INamedTypeSymbol torch, INamedTypeSymbol tensor, INamedTypeSymbol nn)
    {
        Torch = torch;
        Tensor = tensor;
        Nn = nn;
        Functional = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+functional");
        Special = compilation.GetTypeByMetadataName("TorchSharp.torch+special");
        Module = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module");
        Module1 = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module`2");
        TensorIndex = compilation.GetTypeByMetadataName("TorchSharp.torch+TensorIndex");
        ScalarType = compilation.GetTypeByMetadataName("TorchSharp.torch+ScalarType");
        Reduction = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Reduction");
        Sequential = Modules(compilation, "Sequential");
        ModuleDict = compilation.GetTypeByMetadataName("TorchSharp.Modules.ModuleDict`1");
        Sigmoid = Modules(compilation, "Sigmoid");
        Softmax = Modules(compilation, "Softmax");
        LogSoftmax = Modules(compilation, "LogSoftmax");
        Linear = Modules(compilation, "Linear");
        Parameter = Modules(compilation, "Parameter");
        LossTypes = LossCatalog.All
            .Select(loss => (loss.Kind, Type: Modules(compilation, loss.ModuleName)))
            .Where(loss => loss.Type is not null)
            .ToImmutableDictionary(loss => loss.Kind, loss => loss.Type!);
    }

    public INamedTypeSymbol Torch { get; }
    public INamedTypeSymbol Tensor { get; }
    public INamedTypeSymbol Nn { get; }
    public INamedTypeSymbol? Functional { get; }
    public INamedTypeSymbol? Special { get; }

    /// <summary><c>torch.nn.Module</c>: the base of every module, models and losses alike.</summary>
    public INamedTypeSymbol? Module { get; }

    /// <summary><c>torch.nn.Module&lt;T, TResult&gt;</c>: one-input modules such as models and layers.</summary>
    public INamedTypeSymbol? Module1 { get; }

    /// <summary><c>torch.nn.Module&lt;T1, T2, TResult&gt;</c>: two-input modules such as losses.</summary>

    public INamedTypeSymbol? TensorIndex { get; }

    /// <summary><c>torch.ScalarType</c>: the element types (<c>Int64</c>, <c>Float32</c>, <c>Bool</c>, ...).</summary>
    public INamedTypeSymbol? ScalarType { get; }

    /// <summary><c>torch.nn.Reduction</c>: <c>None</c>, <c>Mean</c>, <c>Sum</c>.</summary>
    public INamedTypeSymbol? Reduction { get; }
    public INamedTypeSymbol? Sequential { get; }

    /// <summary><c>ModuleDict&lt;T&gt;</c>: modules by name.</summary>
    public INamedTypeSymbol? ModuleDict { get; }
    public INamedTypeSymbol? Sigmoid { get; }
    public INamedTypeSymbol? Softmax { get; }
    public INamedTypeSymbol? LogSoftmax { get; }
    public INamedTypeSymbol? Linear { get; }

    /// <summary><c>TorchSharp.Modules.Parameter</c>: a trained tensor.</summary>
    public INamedTypeSymbol? Parameter { get; }

    /// <summary>The version of the TorchSharp assembly the compilation references (for rules about one version's behaviour).</summary>
    public System.Version TorchSharpVersion => Torch.ContainingAssembly.Identity.Version;

    /// <summary>The module types of the catalogue's losses that this TorchSharp version has.</summary>
    public ImmutableDictionary<LossKind, INamedTypeSymbol> LossTypes { get; }

    /// <summary>Returns null when the compilation does not reference TorchSharp: nothing is registered then.</summary>
    public static TorchSymbols? TryCreate(Compilation compilation)
    {
        var torch = compilation.GetTypeByMetadataName("TorchSharp.torch");
        var tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
        var nn = compilation.GetTypeByMetadataName("TorchSharp.torch+nn");
        if (torch is null || tensor is null || nn is null)
        {
            return null;
        }

        return new TorchSymbols(compilation, torch, tensor, nn);
    }

    /// <summary>The module type of a loss kind: <c>BCELoss</c>, <c>BCEWithLogitsLoss</c>, <c>CrossEntropyLoss</c>, <c>NLLLoss</c>.</summary>
    public INamedTypeSymbol? LossType(LossKind kind) => LossTypes.TryGetValue(kind, out var type) ? type : null;

    /// <summary>The loss a module type is, matched by symbol; null for any other type.</summary>
    public LossKind? LossKindOf(ITypeSymbol? type)
    {
        foreach (var loss in LossTypes)
        {
            if (SymbolEqualityComparer.Default.Equals(type, loss.Value))
            {
                return loss.Key;
            }
        }

        return null;
    }

    public bool IsTensor(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, Tensor);

    /// <summary>True for the torch, torch.special, torch.nn.functional and Tensor types, where the tensor functions live.</summary>
    public bool IsTensorFunctionHost(INamedTypeSymbol? type) =>
        type is not null
        && (SymbolEqualityComparer.Default.Equals(type, Torch)
            || SymbolEqualityComparer.Default.Equals(type, Tensor)
            || SymbolEqualityComparer.Default.Equals(type, Functional)
            || SymbolEqualityComparer.Default.Equals(type, Special));

    /// <summary>True when <paramref name="type"/> is or derives from <c>torch.nn.Module</c>.</summary>
    public bool IsModule(ITypeSymbol? type) => DerivesFrom(type, Module);

    /// <summary>True when <paramref name="type"/> is or derives from <c>Module&lt;T, TResult&gt;</c>.</summary>
    public bool IsModule1(ITypeSymbol? type) => DerivesFrom(type, Module1);

    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseDefinition)
    {
        if (baseDefinition is null)
        {
            return false;
        }

        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static INamedTypeSymbol? Modules(Compilation compilation, string name) =>
        compilation.GetTypeByMetadataName("TorchSharp.Modules." + name);
}
