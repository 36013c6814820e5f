using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes.ActivationRemoval;

/// <summary>
/// Whether a model that loses its sigmoid is used only where the fix can follow it. A model handed to a
/// method as a plain <c>Module&lt;Tensor, Tensor&gt;</c>, put in a list, placed before other layers of a
/// Sequential, or used from another project would silently start producing logits there: no fix then.
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
        foreach (var tree in analysis.Compilation.SyntaxTrees)
        {
            var model = analysis.Model(tree);
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is ArgumentSyntax or ExpressionSyntax { Parent: InitializerExpressionSyntax } and not AssignmentExpressionSyntax
                    && !IsContained(node, model))
                {
                    return false;
                }
            }
        }

        return !await IsUsedFromOtherProjectsAsync().ConfigureAwait(false);
    }

    private bool IsContained(SyntaxNode node, SemanticModel model)
    {
        var expression = node is ArgumentSyntax argument ? argument.Expression : (ExpressionSyntax)node;
        if (!analysis.Symbols.IsModule1(model.GetTypeInfo(expression, cancellationToken).Type)
            || model.GetSymbolInfo(expression, cancellationToken).Symbol is ITypeSymbol)
        {
            // Not a module value (a type name in nameof(...) has the module type too).
            return true;
        }

        if (model.GetOperation(expression, cancellationToken) is not { } value
            || !analysis.BehaviorOf(value).Sites.Any(sites.Contains))
        {
            return true;
        }

        // A module that carries a removed sigmoid: where does it go?
        if (node is ArgumentSyntax && model.GetOperation(node, cancellationToken) is IArgumentOperation { Parameter: { IsParams: false } parameter })
        {
            if (parameter.ContainingSymbol is IMethodSymbol { Name: "register_module" } registration
                && SymbolEqualityComparer.Default.Equals(registration.ContainingAssembly, analysis.Symbols.Torch.ContainingAssembly))
            {
                return true;
            }

            // The declared type decides what the callee's forward calls return: those calls are followed.
            return parameter.Type is INamedTypeSymbol { DeclaringSyntaxReferences.Length: > 0 } declared && analysis.Symbols.IsModule1(declared);
        }

        // An element of Sequential(...): only the last one decides what the Sequential returns.
        return IsLastSequentialElement(node, model);
    }

    private bool IsLastSequentialElement(SyntaxNode node, SemanticModel model)
    {
        // In the named form ("name", module) the tuple is the element.
        var element = node is ArgumentSyntax { Parent: TupleExpressionSyntax tuple } ? tuple : node;
        if (element is TupleExpressionSyntax { Parent: ArgumentSyntax tupleArgument })
        {
            element = tupleArgument;
        }

        InvocationExpressionSyntax? invocation;
        if (element is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } list } argument)
        {
            if (list.Arguments.Last() != argument)
            {
                return false;
            }

            invocation = call;
        }
        else if (element.Parent is InitializerExpressionSyntax { Parent: ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax } initializer)
        {
            if (initializer.Expressions.Last() != element)
            {
                return false;
            }

            invocation = initializer.Parent?.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax outer } ? outer : null;
        }
        else
        {
            return false;
        }

        return invocation is not null
               && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
               && SymbolEqualityComparer.Default.Equals(method.ReturnType, analysis.Symbols.Sequential)
               && SymbolEqualityComparer.Default.Equals(method.ContainingType, analysis.Symbols.Nn);
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
