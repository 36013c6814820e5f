using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes.ActivationRemoval;

/// <summary>
/// Whether a model that loses its sigmoid is used only where the fix can follow it. The models that carry a removed
/// activation (the Sequential it is the last layer of, every construction of the module class whose <c>forward</c>
/// applies it) are followed forward by the engine: calls of the model are fine (the plan visits every module call's
/// output), so are moves, registrations and being the last layer of another Sequential; a model placed before other
/// layers, handed to code the engine cannot follow, or stored where other assemblies read it would silently start
/// producing logits there: no fix then. Other projects of the solution are asked with <see cref="SymbolFinder"/>, since
/// they are outside the compilation the engine knows.
/// </summary>
internal sealed class ModuleEscapes
{
    private readonly Solution solution;
    private readonly ProjectId projectId;
    private readonly LossAnalysis analysis;
    private readonly ISet<ActivationSite> sites;
    private readonly CancellationToken cancellationToken;

    public ModuleEscapes(Solution solution, ProjectId projectId, LossAnalysis analysis, ISet<ActivationSite> sites, CancellationToken cancellationToken)
    {
        this.solution = solution;
        this.projectId = projectId;
        this.analysis = analysis;
        this.sites = sites;
        this.cancellationToken = cancellationToken;
    }

    public async Task<bool> AreContainedAsync()
    {
        foreach (var model in ModelsCarryingSites())
        {
            if (model is null || analysis.Flow.Uses.Find(model, ModelUse).Escapes)
            {
                return false;
            }
        }

        return !await IsUsedFromOtherProjectsAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The constructions of the models whose behaviour changes: the Sequential a removed layer belongs to, and every
    /// creation of a module class whose <c>forward</c> holds a removed activation. A null entry where one cannot be found.
    /// </summary>
    private IEnumerable<IOperation?> ModelsCarryingSites()
    {
        foreach (var site in sites)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (site.Kind == SiteKind.SequentialElement)
            {
                var factory = site.Node.Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
                yield return factory is null ? null : analysis.Model(factory.SyntaxTree).GetOperation(factory, cancellationToken);
                continue;
            }

            if (site.Kind != SiteKind.UnwrapCall
                || analysis.Model(site.Node.SyntaxTree).GetEnclosingSymbol(site.Node.SpanStart, cancellationToken) is not IMethodSymbol method
                || method.ContainingType is not { } type
                || !SymbolEqualityComparer.Default.Equals(analysis.Modules.TensorForwardOf(type), method))
            {
                // An activation applied outside a module's forward changes a tensor, not a model.
                continue;
            }

            foreach (var constructor in type.InstanceConstructors)
            {
                if (analysis.CallSitesOf(constructor) is not { } creations)
                {
                    yield return null;
                    yield break;
                }

                foreach (var creation in creations)
                {
                    yield return creation;
                }
            }
        }
    }

    /// <summary>What a use of a model that loses its activation is: a call (its output is visited by the plan), or something that would change unseen.</summary>
    private UseVerdict ModelUse(ValueUse use)
    {
        var current = use.Occurrence;
        switch (current.Parent)
        {
            case IInvocationOperation call when call.Instance == current && analysis.Modules.CallInput(call) is not null:
                return UseVerdict.Sink;
            case IInvocationOperation move when move.Instance == current && analysis.IsModuleMove(move, out _):
            case IArgumentOperation { Parent: IInvocationOperation extensionMove } when analysis.IsModuleMove(extensionMove, out var moved) && moved == current:
                return UseVerdict.Same;
            case IInvocationOperation other when other.Instance == current:
                // train(), eval(), parameters(), a user method (whose use of `this` the engine follows).
                return other.TargetMethod.DeclaringSyntaxReferences.IsEmpty ? UseVerdict.Ignore : UseVerdict.Carry;
            case IArgumentOperation { Parameter: { } parameter } when parameter.ContainingSymbol is IMethodSymbol { Name: "register_module" } registration
                                                                     && SymbolEqualityComparer.Default.Equals(registration.ContainingAssembly, analysis.Symbols.Torch.ContainingAssembly):
                return UseVerdict.Ignore;
            case var _ when SequentialSlot(current) is { } slot:
                // The last layer of a Sequential decides what it returns; a layer before others changes what they get.
                return slot.Last ? UseVerdict.Same : UseVerdict.Escape;
            case IArgumentOperation { Parameter.Type: var declared }:
                // A parameter of a user module class: what its forward calls return is followed like any call of the
                // model. One declared as a plain Module<Tensor, Tensor> is code written for any model, which this one
                // would silently start feeding logits.
                return declared is INamedTypeSymbol { DeclaringSyntaxReferences.Length: > 0 } && analysis.Symbols.IsModule1(declared)
                    ? UseVerdict.Carry
                    : UseVerdict.Escape;
            default:
                return UseVerdict.Carry;
        }
    }

    /// <summary>
    /// Where a module is a layer of a <c>Sequential(...)</c> or <c>ModuleList(...)</c> call (an argument, a <c>params</c>
    /// element, the module of a named element), and whether it is the last one of a Sequential; null elsewhere.
    /// </summary>
    private (IInvocationOperation Factory, bool Last)? SequentialSlot(IOperation current)
    {
        var element = current.Parent is ITupleOperation { Elements.Length: 2 } named && named.Elements[1] == current ? named : current;
        var factory = element.Parent switch
        {
            IArgumentOperation { Parent: IInvocationOperation call } => call,
            IArrayInitializerOperation { Parent: IArrayCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation call } } } => call,
            _ => null,
        };
        if (factory is null || !analysis.Modules.IsSequenceFactory(factory.TargetMethod))
        {
            return null;
        }

        var sequential = SymbolEqualityComparer.Default.Equals(factory.TargetMethod.ReturnType, analysis.Symbols.Sequential);
        var layers = element.Parent is IArrayInitializerOperation initializer
            ? initializer.ElementValues
            : factory.Arguments.Select(a => a.Value).ToImmutableArray();
        return (factory, sequential && layers.Length > 0 && layers[layers.Length - 1] == element);
    }

    /// <summary>A sigmoid inside a model class, a module field or a factory that other projects use: they would change too.</summary>
    private async Task<bool> IsUsedFromOtherProjectsAsync()
    {
        var owners = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var site in sites)
        {
            var model = analysis.Model(site.Node.SyntaxTree);
            var member = model.GetEnclosingSymbol(site.Node.SpanStart, cancellationToken);
            for (var symbol = member; symbol is not null && symbol is not INamespaceSymbol; symbol = symbol.ContainingSymbol)
            {
                if (symbol.DeclaredAccessibility is Accessibility.Private || symbol.IsImplicitlyDeclared)
                {
                    continue;
                }

                owners.Add(symbol.OriginalDefinition);
            }
        }

        foreach (var owner in owners)
        {
            var references = await SymbolFinder.FindReferencesAsync(owner, solution, cancellationToken).ConfigureAwait(false);
            foreach (var location in references.SelectMany(r => r.Locations))
            {
                if (location.Document.Project.Id != projectId)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
