using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.CodeFixes.ActivationRemoval;

/// <summary>
/// Whether a loss construction can change kind: the engine's answer of where the loss goes (see
/// <see cref="LossAnalysis.UsesOf"/>) must show every use (a loss handed to code the engine cannot follow would change
/// meaning there), and everything that holds it must hold only constructions of the same kind, whose declared types
/// follow the change.
/// </summary>
internal sealed class LossHolders
{
    private readonly LossAnalysis analysis;
    private readonly LossKind kind;
    private readonly CancellationToken cancellationToken;

    public LossHolders(LossAnalysis analysis, LossKind kind, CancellationToken cancellationToken)
    {
        this.analysis = analysis;
        this.kind = kind;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>Checks the construction's uses and holders; adds the declared types to rename.</summary>
    public bool TryAdd(LossConstruction construction, ISet<SyntaxNode> typeRenames)
    {
        var uses = analysis.UsesOf(construction.Creation);
        if (uses.Escapes)
        {
            return false;
        }

        foreach (var holder in uses.Holders)
        {
            if (!analysis.Flow.IsDeclaredHere(holder) || !HoldsOnlyThisKind(holder) || !AddDeclaredType(holder, typeRenames))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every value written to a local, field or property that holds the loss is a construction of the same kind.</summary>
    private bool HoldsOnlyThisKind(ISymbol holder)
    {
        ImmutableArray<Definition> definitions = holder switch
        {
            ILocalSymbol local when local.DeclaringSyntaxReferences.FirstOrDefault() is { } declaration
                => analysis.Model(declaration.SyntaxTree).GetOperation(declaration.GetSyntax(cancellationToken), cancellationToken) is { } declared
                    ? LocalDefinitions.Collect(LocalDefinitions.Root(declared), local)
                    : default,
            IFieldSymbol or IPropertySymbol => analysis.Members.For(holder),
            _ => ImmutableArray<Definition>.Empty,
        };
        return !definitions.IsDefault
               && definitions.All(d => d.Value is { } value && analysis.ConstructionsOf(value) is { IsDefaultOrEmpty: false } constructions && constructions.All(c => c.Kind == kind));
    }

    /// <summary>A holder declared as the loss's own type (<c>BCELoss</c>) must change type with it; one declared as <c>Loss&lt;...&gt;</c> or <c>var</c> stays.</summary>
    private bool AddDeclaredType(ISymbol holder, ISet<SyntaxNode> typeRenames)
    {
        var type = holder switch
        {
            ILocalSymbol local => local.Type,
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            IParameterSymbol parameter => parameter.Type,
            IMethodSymbol method => method.ReturnType,
            _ => null,
        };
        if (!SymbolEqualityComparer.Default.Equals(type, analysis.Symbols.LossType(kind)))
        {
            return true;
        }

        if (holder is not (ILocalSymbol or IFieldSymbol or IPropertySymbol))
        {
            // A parameter or a return type of the loss's own type: not rewritten.
            return false;
        }

        foreach (var reference in holder.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            TypeSyntax? typeSyntax = declaration switch
            {
                VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } variables } => variables.Type,
                PropertyDeclarationSyntax property => property.Type,
                _ => null,
            };
            if (typeSyntax is null || typeSyntax.IsVar)
            {
                // Several variables share the declaration, or the type is implicit yet BCELoss: leave it alone.
                return typeSyntax is { IsVar: true };
            }

            typeRenames.Add(typeSyntax);
        }

        return true;
    }
}
