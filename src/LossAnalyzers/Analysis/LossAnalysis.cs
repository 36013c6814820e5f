using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using LossAnalyzers.Catalog;
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
    private readonly ConcurrentDictionary<ISymbol, ModuleBehavior> classBehaviors = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, ModuleBehavior> methodBehaviors = new(SymbolEqualityComparer.Default);
    private readonly AnswerCache<TensorOrigin> origins = new();
    private readonly AnswerCache<LossCall?> lossCalls = new();
    private readonly AnswerCache<LossUses> lossUses = new();
    private readonly AnswerCache<Dtype> dtypes = new();
    private readonly AnswerCache<TensorShape> shapes = new();
    private readonly AnswerCache<LabelValues> labels = new();
    private readonly AnswerCache<SyntaxNode?> trained = new();
    private readonly AnswerCache<LossCall?> lossValues = new();
    private static readonly ConditionalWeakTable<Compilation, StrongBox<LossAnalysis?>> PerCompilation = new();

    public LossAnalysis(Compilation compilation, TorchSymbols symbols)
    {
        Compilation = compilation;
        Symbols = symbols;
        Modules = new TorchModules(symbols);
        Flow = new FlowContext(compilation, Modules);
    }

    /// <summary>The value-flow engine of the compilation: what may reach a value, where a value goes.</summary>
    public FlowContext Flow { get; }

    /// <summary>TorchSharp's modules as the engine and the module analysis see them.</summary>
    public TorchModules Modules { get; }

    public Compilation Compilation { get; }

    public TorchSymbols Symbols { get; }

    public MemberDefinitions Members => Flow.Members;

    /// <inheritdoc cref="SymbolReferences.ReferencesTo"/>
    public IReadOnlyList<IOperation> ReferencesTo(ISymbol member) => Flow.References.ReferencesTo(member);

    /// <inheritdoc cref="SymbolReferences.CallSitesOf"/>
    public IReadOnlyList<IOperation>? CallSitesOf(IMethodSymbol method) => Flow.References.CallSitesOf(method);

    /// <summary>
    /// The analysis of <paramref name="compilation"/>, one per compilation object, so that everything asking about it (the
    /// analyzers, and the code fixes, which get the workspace's compilation) shares its answers; null when the
    /// compilation does not reference TorchSharp.
    /// </summary>
    public static LossAnalysis? TryCreate(Compilation compilation) =>
        PerCompilation.GetValue(compilation, c => new StrongBox<LossAnalysis?>(TorchSymbols.TryCreate(c) is { } symbols ? new LossAnalysis(c, symbols) : null)).Value;

    /// <inheritdoc cref="FlowContext.Model"/>
    public SemanticModel Model(SyntaxTree tree) => Flow.Model(tree);

    /// <summary>Where the value of <paramref name="tensor"/> came from, and how wide it is.</summary>
    public TensorOrigin OriginOf(IOperation tensor) => origins.Get(tensor, state => Origin(tensor, state) ?? TensorOrigin.Unknown);

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
    public ValueSources SourcesOf(IOperation value) => Flow.Sources.Find(value, new TraceState());

    /// <summary>What the module <paramref name="module"/> does to its input.</summary>
    public ModuleBehavior BehaviorOf(IOperation module) => Behavior(module, new TraceState()) ?? ModuleBehavior.Unknown;
}
