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
    private readonly ConcurrentDictionary<string, Lazy<CallSites>> callSitesByName = new(StringComparer.Ordinal);
    private Lazy<ILookup<ISymbol, IOperation>>? implicitCreations;

    /// <summary>
    /// Every call of a source method or constructor in the compilation (invocations, <c>new T(...)</c>, <c>new(...)</c>),
    /// found through the identifier index and bound once per name; null when the method is also used other than by a
    /// call (a method group handed on, a delegate), so that its callers are not all known.
    /// </summary>
    public IReadOnlyList<IOperation>? CallSitesOf(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        var name = method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name;
        var sites = callSitesByName.GetOrAdd(name, n => new Lazy<CallSites>(() => IndexCallSites(n), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        if (sites.Escaping.Contains(method))
        {
            return null;
        }

        var calls = sites.Calls[method];
        if (method.MethodKind == MethodKind.Constructor)
        {
            calls = calls.Concat(ImplicitCreations()[method]);
        }

        return calls.ToArray();
    }

    private CallSites IndexCallSites(string name)
    {
        var calls = new List<(ISymbol Method, IOperation Call)>();
        var escaping = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var identifier in Syntax.Identifiers.TryGetValue(name, out var identifiers) ? identifiers : Enumerable.Empty<IdentifierNameSyntax>())
        {
            var model = Model(identifier.SyntaxTree);
            ExpressionSyntax expression = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
            if (expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression)
            {
                if (model.GetOperation(invocation) is IInvocationOperation call)
                {
                    calls.Add((call.TargetMethod.OriginalDefinition, call));
                }

                continue;
            }

            var type = identifier.Parent is QualifiedNameSyntax qualified && qualified.Right == identifier ? (SyntaxNode)qualified : identifier;
            if (type.Parent is ObjectCreationExpressionSyntax creation && creation.Type == type)
            {
                if (model.GetOperation(creation) is IObjectCreationOperation { Constructor: { } constructor } created)
                {
                    calls.Add((constructor.OriginalDefinition, created));
                }

                continue;
            }

            var info = model.GetSymbolInfo(expression);
            foreach (var symbol in info.CandidateSymbols.Append(info.Symbol))
            {
                if (symbol is IMethodSymbol referenced)
                {
                    escaping.Add(referenced.OriginalDefinition);
                }
            }
        }

        return new CallSites(calls.ToLookup(c => c.Method, c => c.Call, SymbolEqualityComparer.Default), escaping);
    }

    private ILookup<ISymbol, IOperation> ImplicitCreations() =>
        LazyInitializer.EnsureInitialized(ref implicitCreations, () => new Lazy<ILookup<ISymbol, IOperation>>(
            () => Syntax.ImplicitCreations
                .Select(creation => Model(creation.SyntaxTree).GetOperation(creation) as IObjectCreationOperation)
                .Where(creation => creation?.Constructor is not null)
                .ToLookup(creation => (ISymbol)creation!.Constructor!.OriginalDefinition, creation => (IOperation)creation!, SymbolEqualityComparer.Default),
            LazyThreadSafetyMode.ExecutionAndPublication))!.Value;

    private sealed class CallSites
    {
        public CallSites(ILookup<ISymbol, IOperation> calls, HashSet<ISymbol> escaping)
        {
            Calls = calls;
            Escaping = escaping;
        }

        public ILookup<ISymbol, IOperation> Calls { get; }

        public HashSet<ISymbol> Escaping { get; }
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
