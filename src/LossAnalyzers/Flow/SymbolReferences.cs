using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Flow;

/// <summary>
/// Where the symbols of a compilation are used: the references to a field or property, and the call sites of a method
/// or constructor. Found through the identifier index of <see cref="SyntaxIndex"/> and bound once per name, so the
/// cost stays linear in the size of the project however often the engine asks.
/// </summary>
internal sealed class SymbolReferences
{
    private readonly Func<SyntaxIndex> syntax;
    private readonly Func<SyntaxTree, SemanticModel> model;
    private readonly Func<SyntaxTree, bool> inCompilation;

    public SymbolReferences(Func<SyntaxIndex> syntax, Func<SyntaxTree, SemanticModel> model, Func<SyntaxTree, bool> inCompilation)
    {
        this.syntax = syntax;
        this.model = model;
        this.inCompilation = inCompilation;
    }

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
        foreach (var identifier in syntax().Identifiers(name))
        {
            var semantics = model(identifier.SyntaxTree);
            ExpressionSyntax expression = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
            if (expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression)
            {
                if (semantics.GetOperation(invocation) is IInvocationOperation call)
                {
                    calls.Add((call.TargetMethod.OriginalDefinition, call));
                }

                continue;
            }

            var type = identifier.Parent is QualifiedNameSyntax qualified && qualified.Right == identifier ? (SyntaxNode)qualified : identifier;
            if (type.Parent is ObjectCreationExpressionSyntax creation && creation.Type == type)
            {
                if (semantics.GetOperation(creation) is IObjectCreationOperation { Constructor: { } constructor } created)
                {
                    calls.Add((constructor.OriginalDefinition, created));
                }

                continue;
            }

            var info = semantics.GetSymbolInfo(expression);
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
            () => syntax().ImplicitCreations
                .Select(creation => model(creation.SyntaxTree).GetOperation(creation) as IObjectCreationOperation)
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
    /// Every reference to a field or property: a private member's inside its type's declarations, any other's in the
    /// whole compilation, where every identifier of that name is bound once and grouped by symbol, so that the cost
    /// stays linear however many classes have a <c>criterion</c> field.
    /// </summary>
    public IReadOnlyList<IOperation> ReferencesTo(ISymbol member)
    {
        member = member.OriginalDefinition;
        if (member.DeclaredAccessibility == Accessibility.Private && !member.ContainingType.DeclaringSyntaxReferences.IsEmpty)
        {
            if (member.ContainingType.DeclaringSyntaxReferences.Any(reference => !inCompilation(reference.SyntaxTree)))
            {
                // A private member of a type compiled elsewhere (a referenced project): not used here.
                return Array.Empty<IOperation>();
            }

            var inType = member.ContainingType.DeclaringSyntaxReferences
                .SelectMany(reference => reference.GetSyntax().DescendantNodes().OfType<IdentifierNameSyntax>())
                .Where(identifier => identifier.Identifier.ValueText == member.Name);
            return BoundReferences(inType).Where(r => SymbolEqualityComparer.Default.Equals(r.Member, member)).Select(r => r.Operation).ToArray();
        }

        var byMember = referencesByName.GetOrAdd(member.Name, name => new Lazy<ILookup<ISymbol, IOperation>>(
            () => BoundReferences(syntax().Identifiers(name))
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
        model(node.SyntaxTree).GetOperation(node.Parent is MemberAccessExpressionSyntax access && access.Name == node ? access : node);

    private static ISymbol? ReferencedMember(IOperation? operation) => operation switch
    {
        IFieldReferenceOperation field => field.Field.OriginalDefinition,
        IPropertyReferenceOperation property => property.Property.OriginalDefinition,
        _ => null,
    };
}
