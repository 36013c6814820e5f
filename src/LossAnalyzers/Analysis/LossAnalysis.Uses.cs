using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

internal sealed partial class LossAnalysis
{
    private readonly ConcurrentDictionary<string, Lazy<ILookup<ISymbol, IOperation>>> referencesByName = new(StringComparer.Ordinal);

    /// <summary>
    /// The loss calls that evaluate the loss built at <paramref name="creation"/>: through the local, field or
    /// property that holds it, or in place (<c>BCELoss().forward(p, y)</c>). Default when the loss goes somewhere
    /// the calls cannot be followed (an argument, a return value).
    /// </summary>
    public ImmutableArray<LossCall> CallsOf(IOperation creation)
    {
        var current = creation;
        while (current.Parent is IConversionOperation { OperatorMethod: null } conversion)
        {
            current = conversion;
        }

        ISymbol? holder = current.Parent switch
        {
            IInvocationOperation use when use.Instance == current =>
                null,
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            IFieldInitializerOperation { InitializedFields.Length: 1 } field => field.InitializedFields[0],
            IPropertyInitializerOperation { InitializedProperties.Length: 1 } property => property.InitializedProperties[0],
            ISimpleAssignmentOperation assignment when assignment.Value == current => assignment.Target switch
            {
                ILocalReferenceOperation local => local.Local,
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property,
                _ => null,
            },
            _ => null,
        };

        if (holder is null)
        {
            return current.Parent is IInvocationOperation inPlace && inPlace.Instance == current
                ? (TryGetLossCall(inPlace, out var call) ? ImmutableArray.Create(call) : ImmutableArray<LossCall>.Empty)
                : default;
        }

        var receivers = holder is ILocalSymbol
            ? LocalDefinitions.Root(creation).Descendants()
                .Where(o => o is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, holder))
            : ReferencesTo(holder);

        var calls = ImmutableArray.CreateBuilder<LossCall>();
        foreach (var receiver in receivers)
        {
            if (receiver.Parent is IInvocationOperation invocation
                && invocation.Instance == receiver
                && TryGetLossCall(invocation, out var call)
                && call.Constructions.Any(c => c.Creation.Syntax == creation.Syntax))
            {
                calls.Add(call);
            }
        }

        return calls.ToImmutable();
    }

    /// <summary>
    /// Every reference to a field or property: a private member's inside its type's declarations, any other's in the
    /// whole compilation, where every identifier of that name is bound once and grouped by symbol, so that the cost
    /// stays linear however many classes have a <c>criterion</c> field.
    /// </summary>
    private IReadOnlyList<IOperation> ReferencesTo(ISymbol member)
    {
        member = member.OriginalDefinition;
        if (member.DeclaredAccessibility == Accessibility.Private && !member.ContainingType.DeclaringSyntaxReferences.IsEmpty)
        {
            var inType = member.ContainingType.DeclaringSyntaxReferences
                .SelectMany(reference => reference.GetSyntax().DescendantNodes().OfType<IdentifierNameSyntax>())
                .Where(identifier => identifier.Identifier.ValueText == member.Name);
            return BoundReferences(inType).Where(r => SymbolEqualityComparer.Default.Equals(r.Member, member)).Select(r => r.Operation).ToArray();
        }

        var byMember = referencesByName.GetOrAdd(member.Name, name => new Lazy<ILookup<ISymbol, IOperation>>(
            () => BoundReferences(Syntax.Identifiers.TryGetValue(name, out var identifiers) ? identifiers : Enumerable.Empty<IdentifierNameSyntax>())
                .ToLookup(r => r.Member, r => r.Operation, SymbolEqualityComparer.Default),
            LazyThreadSafetyMode.ExecutionAndPublication));
        return byMember.Value[member].ToArray();
    }

    /// <summary>The identifiers that bind to a field or property, with that member.</summary>
    private IEnumerable<(ISymbol Member, IOperation Operation)> BoundReferences(IEnumerable<IdentifierNameSyntax> identifiers)
    {
        foreach (var identifier in identifiers)
        {
            var operation = Reference(identifier);
            if (ReferencedMember(operation) is { } referenced)
            {
                yield return (referenced, operation!);
            }
        }
    }

    private IOperation? Reference(IdentifierNameSyntax node) =>
        Model(node.SyntaxTree).GetOperation(node.Parent is MemberAccessExpressionSyntax access && access.Name == node ? access : node);

    private static ISymbol? ReferencedMember(IOperation? operation) => operation switch
    {
        IFieldReferenceOperation field => field.Field.OriginalDefinition,
        IPropertyReferenceOperation property => property.Property.OriginalDefinition,
        _ => null,
    };
}
