using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

/// <summary>
/// The analyses every rule stands on, for one compilation: where a tensor came from (<see cref="OriginOf"/>),
/// how wide its class dimension is (part of the same answer), what a module does (<see cref="BehaviorOf"/>)
/// and which loss a call uses (<see cref="TryGetLossCall"/>). Created once per compilation; thread-safe;
/// answers about members, modules and methods are cached, answers about a single expression are not.
/// </summary>
internal sealed partial class LossAnalysis
{
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> models = new();
    private readonly ConcurrentDictionary<ISymbol, ModuleBehavior> classBehaviors = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, ModuleBehavior> methodBehaviors = new(SymbolEqualityComparer.Default);
    private readonly ValueSourceFinder sources;
    private readonly ValueUseFinder uses;

    public LossAnalysis(Compilation compilation, TorchSymbols symbols)
    {
        Compilation = compilation;
        Symbols = symbols;
        Members = new MemberDefinitions(Syntax.Writes, Model);
        References = new SymbolReferences(() => Syntax, Model);
        sources = new ValueSourceFinder(this);
        uses = new ValueUseFinder(this, sources);
        Candidates = new CandidateSyntax(compilation, symbols, Syntax.Constants);
    }

    /// <summary>The compilation-wide name indexes (each tree's gathered once, on first need).</summary>
    public SyntaxIndex Syntax => SyntaxIndex.For(Compilation);

    /// <summary>The syntax pre-filter: which nodes are worth binding.</summary>
    public CandidateSyntax Candidates { get; }

    public Compilation Compilation { get; }

    public TorchSymbols Symbols { get; }

    public MemberDefinitions Members { get; }

    /// <summary>Where fields, properties and methods are used: references and call sites.</summary>
    public SymbolReferences References { get; }

    /// <inheritdoc cref="SymbolReferences.ReferencesTo"/>
    public IReadOnlyList<IOperation> ReferencesTo(ISymbol member) => References.ReferencesTo(member);

    /// <inheritdoc cref="SymbolReferences.CallSitesOf"/>
    public IReadOnlyList<IOperation>? CallSitesOf(IMethodSymbol method) => References.CallSitesOf(method);

    /// <summary>Returns null when the compilation does not reference TorchSharp.</summary>
    public static LossAnalysis? TryCreate(Compilation compilation) =>
        TorchSymbols.TryCreate(compilation) is { } symbols ? new LossAnalysis(compilation, symbols) : null;

    /// <summary>
    /// The semantic model of any tree of the compilation, for following a value into another file.
    /// Inside the compiler's analyzer driver this returns the driver's own cached model.
    /// </summary>
    public SemanticModel Model(SyntaxTree tree) =>
#pragma warning disable RS1030 // Cross-file origins need other trees' models; the driver's provider caches them.
        models.GetOrAdd(tree, t => Compilation.GetSemanticModel(t));
#pragma warning restore RS1030

    /// <summary>Where the value of <paramref name="tensor"/> came from, and how wide it is.</summary>
    public TensorOrigin OriginOf(IOperation tensor) => Origin(tensor, new TraceState()) ?? TensorOrigin.Unknown;

    /// <summary>
    /// Where a tensor came from, per case: one origin; or, for a parameter whose callers pass different things (another
    /// kind or shape), the origin of each call site's argument (each call site is its own case, and a finding holds for
    /// those that show it).
    /// </summary>
    public ImmutableArray<(TensorOrigin Origin, IOperation? Caller)> OriginsOf(IOperation tensor)
    {
        var origin = OriginOf(tensor);
        if (OperationFacts.StripConversions(tensor) is not IParameterReferenceOperation { Parameter: var parameter } reference
            || parameter.ContainingSymbol is not IMethodSymbol method
            || !ValueSourceFinder.CallersAreVisible(method.OriginalDefinition) || IsModuleForward(method)
            || LocalDefinitions.Reaching(reference, parameter, out var incoming) is not { IsEmpty: true } || !incoming
            || CallSitesOf(method) is not { Count: > 1 } calls)
        {
            return ImmutableArray.Create<(TensorOrigin, IOperation?)>((origin, null));
        }

        var byCaller = ImmutableArray.CreateBuilder<(TensorOrigin Origin, IOperation? Caller)>(calls.Count);
        foreach (var call in calls)
        {
            byCaller.Add((ValueSourceFinder.ArgumentFor(call, parameter.OriginalDefinition) is { } argument ? OriginOf(argument) : TensorOrigin.Unknown, call));
        }

        // Callers that agree (kind and shape) are one case: the merged origin says it all.
        var first = byCaller[0].Origin;
        return byCaller.All(c => c.Origin.Kind == first.Kind && c.Origin.Width == first.Width && c.Origin.SingleLabel == first.SingleLabel)
            ? ImmutableArray.Create<(TensorOrigin, IOperation?)>((origin, null))
            : byCaller.MoveToImmutable();
    }

    /// <summary>The expressions that may have produced <paramref name="value"/>, through locals, fields and properties.</summary>
    public ValueSources SourcesOf(IOperation value) => sources.Find(value, new TraceState());

    /// <summary>What the module <paramref name="module"/> does to its input.</summary>
    public ModuleBehavior BehaviorOf(IOperation module) => Behavior(module, new TraceState()) ?? ModuleBehavior.Unknown;
}
