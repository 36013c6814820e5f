using System;
using System.Collections.Immutable;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

/// <summary>
/// A loss as its construction-level rules see it: a module construction with every call of it, or a functional
/// call on its own. A finding about the construction (its weights) holds when any of its calls shows it, and is
/// reported once, on the construction.
/// </summary>
internal sealed class LossSubject
{
    private readonly Func<string, IArgumentOperation?> argument;

    private LossSubject(LossKind kind, string name, IOperation operation, Func<string, IArgumentOperation?> argument, LossUses uses)
    {
        Kind = kind;
        Name = name;
        Operation = operation;
        Location = operation.Syntax;
        this.argument = argument;
        Uses = uses;
    }

    public LossKind Kind { get; }

    /// <summary><c>BCELoss</c> or <c>binary_cross_entropy</c>, as the user wrote it.</summary>
    public string Name { get; }

    /// <summary>The construction, or the functional call.</summary>
    public SyntaxNode Location { get; }

    /// <summary>The construction (an invocation of a factory or an object creation), or the functional call.</summary>
    public IOperation Operation { get; }

    /// <summary>Where the loss goes: the calls in view, and whether it leaves them.</summary>
    public LossUses Uses { get; }

    /// <summary>The calls of the loss that can be seen (a finding about its construction holds when one of them shows it).</summary>
    public ImmutableArray<LossCall> Calls => Uses.Calls;

    public IArgumentOperation? Argument(string parameter) => argument(parameter);

    public static LossSubject? ForConstruction(IOperation creation, LossAnalysis analysis)
    {
        var construction = analysis.ConstructionAt(creation);
        if (construction is null)
        {
            return null;
        }

        var name = LossCatalog.Of(construction.Kind).ModuleName;
        return new LossSubject(construction.Kind, name, creation, construction.Argument, analysis.UsesOf(creation));
    }

    public static LossSubject ForFunctional(LossCall call) =>
        new(call.Kind, call.Name, call.Invocation, call.Argument, new LossUses(ImmutableArray.Create(call), escapes: false));
}
