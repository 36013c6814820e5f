using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes.ActivationRemoval;

/// <summary>
/// Where a loss construction is kept (a local, field or property) and whether every use of that holder is
/// visible: a loss passed to another method, returned, or stored elsewhere would change meaning there too,
/// so the construction is converted only when it is used just to compute losses.
/// </summary>
internal sealed class LossHolders
{
    private static readonly HashSet<string> HarmlessMembers = new() { "Dispose", "train", "eval" };

    private readonly Solution solution;
    private readonly LossAnalysis analysis;
    private readonly LossKind kind;
    private readonly CancellationToken cancellationToken;

    public LossHolders(Solution solution, LossAnalysis analysis, LossKind kind, CancellationToken cancellationToken)
    {
        this.solution = solution;
        this.analysis = analysis;
        this.kind = kind;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>Checks the construction's holder; adds the declared types to rename.</summary>
    public async Task<bool> TryAddAsync(LossConstruction construction, ISet<SyntaxNode> typeRenames)
    {
        var current = Holding(construction.Creation);
        ISymbol? holder;
        switch (current.Parent)
        {
            case IReturnOperation when analysis.Model(current.Syntax.SyntaxTree).GetEnclosingSymbol(current.Syntax.SpanStart, cancellationToken)
                    is IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: IPropertySymbol { IsIndexer: false } property }:
                // A getter that builds the loss (Criterion => BCELoss()): its readers hold the loss.
                holder = property;
                break;
            case IInvocationOperation use when use.Instance == current:
                // Built and used in place: BCELoss().forward(p, y).
                return analysis.TryGetLossCall(use, out _);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                holder = declarator.Symbol;
                break;
            case ISymbolInitializerOperation initializer when initializer is IFieldInitializerOperation or IPropertyInitializerOperation:
                holder = initializer switch
                {
                    IFieldInitializerOperation field when field.InitializedFields.Length == 1 => field.InitializedFields[0],
                    IPropertyInitializerOperation property when property.InitializedProperties.Length == 1 => property.InitializedProperties[0],
                    _ => null,
                };
                break;
            case ISimpleAssignmentOperation assignment when assignment.Value == current:
                holder = assignment.Target switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IFieldReferenceOperation field => field.Field,
                    IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property,
                    _ => null,
                };
                break;
            default:
                return false;
        }

        if (holder is null || !AddDeclaredType(holder, typeRenames))
        {
            return false;
        }

        var references = await SymbolFinder.FindReferencesAsync(holder.OriginalDefinition, solution, cancellationToken).ConfigureAwait(false);
        foreach (var location in references.SelectMany(r => r.Locations))
        {
            if (!IsLossUse(location))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value that holds the loss: the construction, or the <c>.to(device)</c>/<c>.cuda()</c> moves applied to it.</summary>
    private IOperation Holding(IOperation creation)
    {
        var current = creation;
        while (true)
        {
            while (current.Parent is IConversionOperation { OperatorMethod: null } conversion)
            {
                current = conversion;
            }

            var move = current.Parent switch
            {
                IInvocationOperation invocation when invocation.Instance == current => invocation,
                IArgumentOperation { Parent: IInvocationOperation invocation } => invocation,
                _ => null,
            };
            if (move is null || !analysis.IsModuleMove(move, out var moved) || moved != current)
            {
                return current;
            }

            current = move;
        }
    }

    private bool IsLossUse(ReferenceLocation location)
    {
        var tree = location.Location.SourceTree;
        if (tree is null || !analysis.Compilation.ContainsSyntaxTree(tree))
        {
            return false;
        }

        var node = tree.GetRoot(cancellationToken).FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
        var reference = analysis.Model(tree).GetOperation(node, cancellationToken);
        var parent = reference?.Parent;
        while (parent is IConversionOperation { OperatorMethod: null })
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            ISimpleAssignmentOperation assignment when assignment.Target == reference => IsLossConstruction(assignment.Value),
            IInvocationOperation invocation when invocation.Instance is not null
                => analysis.TryGetLossCall(invocation, out _) || HarmlessMembers.Contains(invocation.TargetMethod.Name),
            IUsingOperation => true,
            _ => false,
        };
    }

    private bool IsLossConstruction(IOperation value)
    {
        var constructions = analysis.ConstructionsOf(value);
        return !constructions.IsDefaultOrEmpty && constructions.All(c => c.Kind == kind);
    }

    /// <summary>A holder declared as the loss's own type (<c>BCELoss</c>) must change type with it; one declared as <c>Loss&lt;...&gt;</c> or <c>var</c> stays.</summary>
    private bool AddDeclaredType(ISymbol holder, ISet<SyntaxNode> typeRenames)
    {
        var type = holder switch
        {
            ILocalSymbol local => local.Type,
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        if (!SymbolEqualityComparer.Default.Equals(type, analysis.Symbols.LossType(kind)))
        {
            return true;
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
