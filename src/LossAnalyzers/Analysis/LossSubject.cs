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

    private LossSubject(LossKind kind, string name, SyntaxNode location, Func<string, IArgumentOperation?> argument, ImmutableArray<LossCall> calls)
    {
        Kind = kind;
        Name = name;
        Location = location;
        this.argument = argument;
        Calls = calls;
    }

    public LossKind Kind { get; }

    /// <summary><c>BCELoss</c> or <c>binary_cross_entropy</c>, as the user wrote it.</summary>
    public string Name { get; }

    /// <summary>The construction, or the functional call.</summary>
    public SyntaxNode Location { get; }

    /// <summary>Every call of the loss; default when the loss goes where its calls cannot be followed.</summary>
    public ImmutableArray<LossCall> Calls { get; }

    public IArgumentOperation? Argument(string parameter) => argument(parameter);

    public static LossSubject? ForConstruction(IOperation creation, LossAnalysis analysis)
    {
        var construction = analysis.ConstructionAt(creation);
        if (construction is null)
        {
            return null;
        }

        var name = LossCatalog.Of(construction.Kind).ModuleName;
        return new LossSubject(construction.Kind, name, creation.Syntax, construction.Argument, analysis.CallsOf(creation));
    }

    public static LossSubject ForFunctional(LossCall call) =>
        new(call.Kind, call.Name, call.Invocation.Syntax, call.Argument, ImmutableArray.Create(call));
}
