using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.Rules;

/// <summary>
/// What syntax a rule can report on, decided before anything is bound: the candidate filter of
/// <see cref="LossUsageAnalyzer"/> is the union of every registered rule's triggers (binding a method body is most of an
/// analyzer's cost, so a body is bound only when it holds a candidate). Each trigger must accept a superset of what the
/// rule then checks on the bound symbols.
/// </summary>
internal sealed class RuleTrigger
{
    private RuleTrigger(TriggerKind kind, string? name, ImmutableArray<SyntaxKind> syntaxKinds, Func<SyntaxNodeInfo, bool>? when)
    {
        Kind = kind;
        Name = name;
        SyntaxKinds = syntaxKinds;
        When = when;
    }

    /// <summary>Loss evaluations: <c>forward</c>/<c>call</c> with two arguments and the functional losses.</summary>
    public static RuleTrigger LossCalls { get; } = new(TriggerKind.LossCalls, null, ImmutableArray<SyntaxKind>.Empty, null);

    /// <summary>Loss constructions: the factories in <c>torch.nn</c>, <c>new BCELoss(...)</c>, target-typed <c>new(...)</c>.</summary>
    public static RuleTrigger LossConstructions { get; } = new(TriggerKind.LossConstructions, null, ImmutableArray<SyntaxKind>.Empty, null);

    /// <summary>The rules about what is fed to a loss and how it is built: the default for a rule.</summary>
    public static ImmutableArray<RuleTrigger> Losses { get; } = ImmutableArray.Create(LossCalls, LossConstructions);

    public TriggerKind Kind { get; }

    /// <summary>For <see cref="TriggerKind.Invocation"/>: the simple name of the method called.</summary>
    public string? Name { get; }

    /// <summary>For <see cref="TriggerKind.Expression"/>: the syntax kinds of the binary expression or assignment.</summary>
    public ImmutableArray<SyntaxKind> SyntaxKinds { get; }

    /// <summary>A further test on the node; null accepts every node of the name or kind.</summary>
    public Func<SyntaxNodeInfo, bool>? When { get; }

    /// <summary>A call of a method named <paramref name="name"/>.</summary>
    public static RuleTrigger Invocation(string name, Func<SyntaxNodeInfo, bool>? when = null) =>
        new(TriggerKind.Invocation, name, ImmutableArray<SyntaxKind>.Empty, when);

    /// <summary>A binary expression or an assignment of one of <paramref name="kinds"/>.</summary>
    public static RuleTrigger Expression(Func<SyntaxNodeInfo, bool>? when, params SyntaxKind[] kinds) =>
        new(TriggerKind.Expression, null, kinds.ToImmutableArray(), when);
}

internal enum TriggerKind
{
    LossCalls,
    LossConstructions,
    Invocation,
    Expression,
}

/// <summary>A syntax node as a trigger sees it: the node and what can be known of constants without binding.</summary>
internal readonly struct SyntaxNodeInfo
{
    public SyntaxNodeInfo(ExpressionSyntax node, ConstantNames constants)
    {
        Node = node;
        Constants = constants;
    }

    public ExpressionSyntax Node { get; }

    public ConstantNames Constants { get; }

    /// <summary>The arguments of an invocation; empty for other nodes.</summary>
    public IReadOnlyList<ArgumentSyntax> Arguments => Node is InvocationExpressionSyntax invocation ? invocation.ArgumentList.Arguments : Array.Empty<ArgumentSyntax>();
}
