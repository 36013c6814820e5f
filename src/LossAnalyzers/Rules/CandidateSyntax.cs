using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.Rules;

/// <summary>
/// Which syntax nodes a loss rule can be about, decided from syntax alone: the union of the registered rules'
/// <see cref="RuleTrigger"/>s, compiled once per compilation into lookups by name and kind. The names of losses come
/// from TorchSharp's symbols, so the filter follows the referenced version.
/// </summary>
internal sealed class CandidateSyntax
{
    private readonly bool lossCalls;
    private readonly bool lossConstructions;
    private readonly HashSet<string> lossTypeNames;
    private readonly HashSet<string> lossFactoryNames;
    private readonly Dictionary<string, List<Func<SyntaxNodeInfo, bool>?>> invocations = new(StringComparer.Ordinal);
    private readonly Dictionary<SyntaxKind, List<Func<SyntaxNodeInfo, bool>?>> expressions = new();
    private readonly Lazy<HashSet<string>> aliases;

    public CandidateSyntax(Compilation compilation, TorchSymbols symbols, IEnumerable<RuleTrigger> triggers, ConstantNames constants)
    {
        Constants = constants;
        foreach (var trigger in triggers)
        {
            switch (trigger.Kind)
            {
                case TriggerKind.LossCalls:
                    lossCalls = true;
                    break;
                case TriggerKind.LossConstructions:
                    lossConstructions = true;
                    break;
                case TriggerKind.Invocation:
                    Add(invocations, trigger.Name!, trigger.When);
                    break;
                case TriggerKind.Expression:
                    foreach (var kind in trigger.SyntaxKinds)
                    {
                        Add(expressions, kind, trigger.When);
                    }

                    break;
            }
        }

        var lossTypes = symbols.LossTypes.Values.ToList();
        lossTypeNames = new HashSet<string>(lossTypes.Select(t => t.Name), StringComparer.Ordinal);

        // The factories in torch.nn that build a loss (nn.BCELoss(...)); looked up by the loss types' names so that
        // only those members are read from metadata.
        lossFactoryNames = new HashSet<string>(
            lossTypes.Where(t => symbols.Nn.GetMembers(t.Name).OfType<IMethodSymbol>().Any(m => SymbolEqualityComparer.Default.Equals(m.ReturnType, t)))
                .Select(t => t.Name),
            StringComparer.Ordinal);
        aliases = new Lazy<HashSet<string>>(() => AliasNames(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ConstantNames Constants { get; }

    /// <summary>True when a registered rule may report on <paramref name="node"/> or on the loss it builds or calls.</summary>
    public bool IsCandidate(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax invocation => IsCandidateInvocation(invocation),
        ObjectCreationExpressionSyntax creation => lossConstructions && NamesLossType(creation.Type),
        ImplicitObjectCreationExpressionSyntax => lossConstructions,
        BinaryExpressionSyntax or AssignmentExpressionSyntax => Accepts(expressions, node.Kind(), (ExpressionSyntax)node),
        _ => false,
    };

    private bool IsCandidateInvocation(InvocationExpressionSyntax invocation)
    {
        if (InvokedName(invocation) is not { } name)
        {
            return false;
        }

        if (lossCalls && (name is "forward" or "call" && invocation.ArgumentList.Arguments.Count >= 2 && invocation.ArgumentList.Arguments.Count <= LossCatalog.MostInputs || LossCatalog.FunctionalNames.Contains(name))
            || lossConstructions && lossFactoryNames.Contains(name))
        {
            return true;
        }

        return Accepts(invocations, name, invocation);
    }

    private bool Accepts<TKey>(Dictionary<TKey, List<Func<SyntaxNodeInfo, bool>?>> lookup, TKey key, ExpressionSyntax node)
        where TKey : notnull
    {
        if (!lookup.TryGetValue(key, out var tests))
        {
            return false;
        }

        var info = new SyntaxNodeInfo(node, Constants);
        return tests.Any(test => test is null || test(info));
    }

    private static void Add<TKey>(Dictionary<TKey, List<Func<SyntaxNodeInfo, bool>?>> lookup, TKey key, Func<SyntaxNodeInfo, bool>? test)
        where TKey : notnull
    {
        if (!lookup.TryGetValue(key, out var tests))
        {
            lookup[key] = tests = new List<Func<SyntaxNodeInfo, bool>?>();
        }

        tests.Add(test);
    }

    private bool NamesLossType(TypeSyntax type)
    {
        var name = type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
        return name is not null && (lossTypeNames.Contains(name) || aliases.Value.Contains(name));
    }

    /// <summary>The simple name of the method an invocation calls (<c>forward</c> in <c>model?.forward(x)</c>); null for a delegate expression.</summary>
    public static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The expression without parentheses and casts around it.</summary>
    public static ExpressionSyntax Uncast(ExpressionSyntax expression) => expression switch
    {
        ParenthesizedExpressionSyntax parenthesized => Uncast(parenthesized.Expression),
        CastExpressionSyntax cast => Uncast(cast.Expression),
        _ => expression,
    };

    private static HashSet<string> AliasNames(Compilation compilation)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var node in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax))
            {
                if (node is UsingDirectiveSyntax { Alias: { } alias })
                {
                    names.Add(alias.Name.Identifier.ValueText);
                }
            }
        }

        return names;
    }
}
