using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.Flow;

/// <summary>
/// What the compilation-wide analyses look up by name, gathered in one walk over every tree (each full walk costs
/// about as much as the rest of a rule's work on a large project): constants, writes to fields and properties,
/// identifiers, target-typed constructor calls, and the calls that may evaluate a BCE-with-logits loss. Built on first need, once per compilation,
/// and shared by both analyzers: the table holds nothing but this immutable index, keyed weakly by the compilation.
/// </summary>
internal sealed class SyntaxIndex
{
    private static readonly ConditionalWeakTable<Compilation, Lazy<SyntaxIndex>> PerCompilation = new();

    private SyntaxIndex()
    {
    }

    /// <summary><c>const</c> fields and locals by name, with their literal value where the declaration shows one.</summary>
    public Dictionary<string, List<double?>> Constants { get; } = new(StringComparer.Ordinal);

    /// <summary>Assignments, ref/out arguments, increments and decrements by the name of what they write.</summary>
    public Dictionary<string, List<SyntaxNode>> Writes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<IdentifierNameSyntax>> Identifiers { get; } = new(StringComparer.Ordinal);

    /// <summary>Target-typed <c>new(...)</c>: constructor calls that name no type.</summary>
    public List<ImplicitObjectCreationExpressionSyntax> ImplicitCreations { get; } = new();

    /// <summary>Two-argument <c>forward</c>/<c>call</c> and <c>binary_cross_entropy_with_logits</c> calls.</summary>
    public List<InvocationExpressionSyntax> LogitsLossCandidates { get; } = new();

    /// <summary>
    /// The index of <paramref name="compilation"/>, built by the first caller; not cancellable, since a Lazy caches
    /// its exception and a cancelled first use must not poison every later query.
    /// </summary>
    public static SyntaxIndex For(Compilation compilation) =>
        PerCompilation.GetValue(compilation, c => new Lazy<SyntaxIndex>(() => Build(c), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static SyntaxIndex Build(Compilation compilation)
    {
        var index = new SyntaxIndex();
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case IdentifierNameSyntax identifier:
                        Add(index.Identifiers, identifier.Identifier.ValueText, identifier);
                        break;
                    case InvocationExpressionSyntax invocation when LogitsIndex.NamedLikeLogitsLoss(invocation):
                        index.LogitsLossCandidates.Add(invocation);
                        break;
                    case ImplicitObjectCreationExpressionSyntax creation:
                        index.ImplicitCreations.Add(creation);
                        break;
                    default:
                        ConstantNames.Collect(node, index.Constants);
                        MemberDefinitions.CollectWrite(node, index.Writes);
                        break;
                }
            }
        }

        return index;
    }

    public static void Add<T>(Dictionary<string, List<T>> index, string name, T value)
    {
        if (!index.TryGetValue(name, out var list))
        {
            index[name] = list = new List<T>();
        }

        list.Add(value);
    }
}
