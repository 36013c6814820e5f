using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Flow;

/// <summary>
/// The value-flow engine of one compilation: its semantic models, name indexes, member definitions and references,
/// and the two questions it answers, <see cref="Sources"/> (what may reach a value) and <see cref="Uses"/> (where a
/// value goes). Created once per compilation; thread-safe.
/// </summary>
internal sealed class FlowContext
{
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> models = new();

    public FlowContext(Compilation compilation, IModuleModel modules)
    {
        Compilation = compilation;
        Modules = modules;
        Members = new MemberDefinitions(name => Syntax.Writes(name), Model, compilation.ContainsSyntaxTree);
        References = new SymbolReferences(() => Syntax, Model, compilation.ContainsSyntaxTree);
        Sources = new ValueSourceFinder(this);
        Uses = new ValueUseFinder(this);
    }

    public Compilation Compilation { get; }

    public IModuleModel Modules { get; }

    /// <summary>The compilation-wide name indexes (each tree's gathered once, on first need).</summary>
    public SyntaxIndex Syntax => SyntaxIndex.For(Compilation);

    public MemberDefinitions Members { get; }

    /// <summary>Where fields, properties and methods are used: references and call sites.</summary>
    public SymbolReferences References { get; }

    /// <summary>What may reach a value: the backward half of the engine.</summary>
    public ValueSourceFinder Sources { get; }

    /// <summary>Where a value goes: the forward half of the engine.</summary>
    public ValueUseFinder Uses { get; }

    /// <summary>
    /// The method, accessor, local function or lambda whose own code holds <paramref name="operation"/>: where a value
    /// returned there goes back to.
    /// </summary>
    public IMethodSymbol? EnclosingFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol;
                case ILocalFunctionOperation local:
                    return local.Symbol;
            }

            if (current.Parent is null)
            {
                return Model(current.Syntax.SyntaxTree).GetDeclaredSymbol(current.Syntax) as IMethodSymbol
                       ?? Model(current.Syntax.SyntaxTree).GetEnclosingSymbol(operation.Syntax.SpanStart) as IMethodSymbol;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether every declaration of <paramref name="symbol"/> is source of this compilation. A symbol of a referenced
    /// project in the same workspace (or of an earlier script submission) has source too, in trees of another
    /// compilation, which cannot be bound here.
    /// </summary>
    public bool IsDeclaredHere(ISymbol symbol) =>
        symbol.DeclaringSyntaxReferences.Length > 0 && symbol.DeclaringSyntaxReferences.All(reference => Compilation.ContainsSyntaxTree(reference.SyntaxTree));

    /// <summary>
    /// The semantic model of any tree of the compilation, for following a value into another file. Inside the compiler's
    /// analyzer driver this returns the driver's own cached model.
    /// </summary>
    public SemanticModel Model(SyntaxTree tree) =>
#pragma warning disable RS1030 // Cross-file flow needs other trees' models; the driver's provider caches them.
        models.GetOrAdd(tree, t => Compilation.GetSemanticModel(t));
#pragma warning restore RS1030
}
