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
    private readonly ConcurrentDictionary<string, Lazy<ILookup<ISymbol, IInvocationOperation>>> invocationsByName = new(StringComparer.Ordinal);

    /// <summary>Every call of a source method in the compilation, found through the identifier index (bound once per name).</summary>
    public IReadOnlyList<IInvocationOperation> InvocationsOf(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        var byMethod = invocationsByName.GetOrAdd(method.Name, name => new Lazy<ILookup<ISymbol, IInvocationOperation>>(
            () => (Syntax.Identifiers.TryGetValue(name, out var identifiers) ? identifiers : Enumerable.Empty<IdentifierNameSyntax>())
                .Select(identifier => identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access.Parent : identifier.Parent)
                .OfType<InvocationExpressionSyntax>()
                .Select(invocation => Model(invocation.SyntaxTree).GetOperation(invocation) as IInvocationOperation)
                .Where(invocation => invocation is not null)
                .ToLookup(invocation => (ISymbol)invocation!.TargetMethod.OriginalDefinition, invocation => invocation!, SymbolEqualityComparer.Default),
            LazyThreadSafetyMode.ExecutionAndPublication));
        return byMethod.Value[method].ToArray();
    }

    /// <summary>
    /// The loss calls that evaluate the loss built at <paramref name="creation"/>, following the loss forward: through
    /// the locals, fields and properties that hold it, <c>.to(device)</c>-style moves, the getters and methods that
    /// return it, and the parameters of this compilation's methods it is passed to (see <see cref="LossUseWalk"/>).
    /// Empty when the loss is never called; default when it goes somewhere the calls cannot be followed (code outside
    /// the compilation, a collection, a lambda's result).
    /// </summary>
    public ImmutableArray<LossCall> CallsOf(IOperation creation) =>
        ConstructionAt(creation) is { } construction ? new LossUseWalk(this, construction).Calls() : default;

    /// <summary>
    /// Every reference to a field or property: a private member's inside its type's declarations, any other's in the
    /// whole compilation, where every identifier of that name is bound once and grouped by symbol, so that the cost
    /// stays linear however many classes have a <c>criterion</c> field.
    /// </summary>
    public IReadOnlyList<IOperation> ReferencesTo(ISymbol member)
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
