using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.Flow;

/// <summary>
/// What the compilation-wide analyses look up by name: constants, writes to fields and properties, identifiers and
/// target-typed constructor calls. Each tree is walked once and its index kept with the tree itself (<see
/// cref="TreeIndex"/>): the IDE makes a new compilation for every edit but keeps the unchanged trees, so an edit costs
/// the walk of the edited file only. A name is looked up in every tree's index once per compilation; nothing here binds.
/// </summary>
internal sealed class SyntaxIndex
{
    private static readonly ConditionalWeakTable<Compilation, SyntaxIndex> PerCompilation = new();

    private readonly Compilation compilation;
    private readonly ConcurrentDictionary<string, ImmutableArray<IdentifierNameSyntax>> identifiers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableArray<SyntaxNode>> writes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableArray<double?>> constants = new(StringComparer.Ordinal);

    private SyntaxIndex(Compilation compilation) => this.compilation = compilation;

    public static SyntaxIndex For(Compilation compilation) => PerCompilation.GetValue(compilation, c => new SyntaxIndex(c));

    /// <summary>Every identifier spelled <paramref name="name"/> in the compilation.</summary>
    public ImmutableArray<IdentifierNameSyntax> Identifiers(string name) => identifiers.GetOrAdd(name, n => Lookup(index => index.Identifiers, n));

    /// <summary>Assignments, ref/out arguments, increments and decrements of something named <paramref name="name"/>.</summary>
    public ImmutableArray<SyntaxNode> Writes(string name) => writes.GetOrAdd(name, n => Lookup(index => index.Writes, n));

    /// <summary>The literal values of the <c>const</c> fields and locals named <paramref name="name"/> (null where computed); empty when there is none.</summary>
    public ImmutableArray<double?> Constants(string name) => constants.GetOrAdd(name, n => Lookup(index => index.Constants, n));

    /// <summary>Target-typed <c>new(...)</c>: constructor calls that name no type.</summary>
    public IEnumerable<ImplicitObjectCreationExpressionSyntax> ImplicitCreations =>
        compilation.SyntaxTrees.SelectMany(tree => TreeIndex.Of(tree).ImplicitCreations);

    /// <summary>One name's entries across the trees, gathered once per compilation and name.</summary>
    private ImmutableArray<T> Lookup<T>(Func<TreeIndex, Dictionary<string, List<T>>> part, string name)
    {
        var found = ImmutableArray.CreateBuilder<T>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (part(TreeIndex.Of(tree)).TryGetValue(name, out var entries))
            {
                found.AddRange(entries);
            }
        }

        return found.ToImmutable();
    }
}

/// <summary>The name indexes of one syntax tree, built in one walk on first need and kept as long as the tree lives.</summary>
internal sealed class TreeIndex
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeIndex> PerTree = new();

    private TreeIndex()
    {
    }

    public Dictionary<string, List<IdentifierNameSyntax>> Identifiers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<SyntaxNode>> Writes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<double?>> Constants { get; } = new(StringComparer.Ordinal);

    public List<ImplicitObjectCreationExpressionSyntax> ImplicitCreations { get; } = new();

    /// <summary>The index of <paramref name="tree"/>; built by the first caller, not cancellable (it is a walk of one tree).</summary>
    public static TreeIndex Of(SyntaxTree tree) => PerTree.GetValue(tree, Build);

    /// <summary>The value of a numeric literal; null for anything else.</summary>
    public static double? LiteralValue(ExpressionSyntax expression) =>
        expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression } literal && literal.Token.Value is { } number
            ? Convert.ToDouble(number, CultureInfo.InvariantCulture)
            : null;

    public static void Add<T>(Dictionary<string, List<T>> index, string name, T value)
    {
        if (!index.TryGetValue(name, out var list))
        {
            index[name] = list = new List<T>();
        }

        list.Add(value);
    }

    private static TreeIndex Build(SyntaxTree tree)
    {
        var index = new TreeIndex();
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            switch (node)
            {
                case IdentifierNameSyntax identifier:
                    Add(index.Identifiers, identifier.Identifier.ValueText, identifier);
                    break;
                case ImplicitObjectCreationExpressionSyntax creation:
                    index.ImplicitCreations.Add(creation);
                    break;
                default:
                    CollectConstants(node, index.Constants);
                    MemberDefinitions.CollectWrite(node, index.Writes);
                    break;
            }
        }

        return index;
    }

    /// <summary>Adds the constants <paramref name="node"/> declares, if it is a <c>const</c> field or local declaration.</summary>
    private static void CollectConstants(SyntaxNode node, Dictionary<string, List<double?>> values)
    {
        var declaration = node switch
        {
            FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.ConstKeyword) => field.Declaration,
            LocalDeclarationStatementSyntax local when local.IsConst => local.Declaration,
            _ => null,
        };
        if (declaration is null)
        {
            return;
        }

        foreach (var variable in declaration.Variables)
        {
            Add(values, variable.Identifier.ValueText, variable.Initializer is { } initializer ? LiteralValue(initializer.Value) : null);
        }
    }
}
