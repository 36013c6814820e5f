using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Analysis;

/// <summary>What a module does to its input, as far as its construction shows.</summary>
internal sealed class ModuleBehavior
{
    public static readonly ModuleBehavior Unknown = new(OriginKind.Unknown, null, false, preservesShape: false, passesThrough: false, isBareActivation: false, ImmutableArray<ActivationSite>.Empty);

    /// <summary><c>Identity()</c> and an empty start for folding a Sequential: the input comes out unchanged.</summary>
    public static readonly ModuleBehavior Identity = new(OriginKind.Unknown, null, false, preservesShape: true, passesThrough: true, isBareActivation: false, ImmutableArray<ActivationSite>.Empty);

    /// <summary><c>Unflatten</c>: the same values in another shape, so the class dimension's width is no longer known.</summary>
    public static readonly ModuleBehavior Reshaping = new(OriginKind.Unknown, null, false, preservesShape: false, passesThrough: true, isBareActivation: false, ImmutableArray<ActivationSite>.Empty);

    public ModuleBehavior(OriginKind kind, long? width, bool singleLabel, bool preservesShape, bool passesThrough, bool isBareActivation, ImmutableArray<ActivationSite> sites, SyntaxNode? dimension = null)
    {
        Dimension = dimension;
        Kind = kind;
        Width = width;
        SingleLabel = singleLabel;
        PreservesShape = preservesShape;
        PassesThrough = passesThrough;
        IsBareActivation = isBareActivation;
        Sites = sites.IsDefault ? ImmutableArray<ActivationSite>.Empty : sites;
    }

    public OriginKind Kind { get; }

    public long? Width { get; }

    public bool SingleLabel { get; }

    /// <summary>The output has the input's shape (activations, dropout): the width is the input's.</summary>
    public bool PreservesShape { get; }

    /// <summary>The output is the input (<c>Identity</c>).</summary>
    public bool PassesThrough { get; }

    /// <summary>A <c>Sigmoid()</c>, <c>Softmax(d)</c> or <c>LogSoftmax(d)</c> module itself: the activation happens where it is called.</summary>
    public bool IsBareActivation { get; }

    /// <summary>For a bare softmax or log-softmax module: the <c>dim</c> argument it was built with, where visible.</summary>
    public SyntaxNode? Dimension { get; }

    /// <summary>Activations inside the module's definition (a Sequential element, a return in <c>forward</c>).</summary>
    public ImmutableArray<ActivationSite> Sites { get; }

    public static ModuleBehavior Activation(OriginKind kind, SyntaxNode? dimension = null) =>
        new(kind, null, false, preservesShape: true, passesThrough: false, isBareActivation: true, ImmutableArray<ActivationSite>.Empty, dimension);

    public static ModuleBehavior ShapePreserving() =>
        new(OriginKind.Unknown, null, false, preservesShape: true, passesThrough: false, isBareActivation: false, ImmutableArray<ActivationSite>.Empty);

    public static ModuleBehavior Producing(TensorOrigin output) =>
        new(output.Kind, output.Width, output.SingleLabel, preservesShape: false, passesThrough: false, isBareActivation: false, output.Sites);

    /// <summary>The tensor this module produces from <paramref name="input"/> when called at <paramref name="call"/>.</summary>
    public TensorOrigin Apply(TensorOrigin input, SyntaxNode call, SyntaxNode? argument)
    {
        if (PassesThrough)
        {
            return PreservesShape ? input : input.WithShape(null, false);
        }

        var sites = IsBareActivation && argument is not null
            ? ImmutableArray.Create(new ActivationSite(SiteKind.UnwrapCall, call, argument, Kind, Dimension))
            : Sites;
        return PreservesShape
            ? new TensorOrigin(Kind, input.Width, input.SingleLabel, sites)
            : new TensorOrigin(Kind, Width, SingleLabel, sites);
    }

    /// <summary>This module followed by <paramref name="next"/>, the element at <paramref name="element"/> of a Sequential.</summary>
    public ModuleBehavior Then(ModuleBehavior next, SyntaxNode element)
    {
        if (next.PassesThrough)
        {
            return next.PreservesShape ? this : new ModuleBehavior(Kind, null, false, PreservesShape, PassesThrough, IsBareActivation, Sites, Dimension);
        }

        var sites = next.IsBareActivation
            ? ImmutableArray.Create(new ActivationSite(SiteKind.SequentialElement, element, null, next.Kind, next.Dimension))
            : next.Sites;
        return next.PreservesShape
            ? new ModuleBehavior(next.Kind, Width, SingleLabel, PreservesShape, passesThrough: false, isBareActivation: false, sites)
            : new ModuleBehavior(next.Kind, next.Width, next.SingleLabel, preservesShape: false, passesThrough: false, isBareActivation: false, sites);
    }

    /// <summary>Several possible modules: they must behave alike, or nothing is known.</summary>
    public static ModuleBehavior Merge(ImmutableArray<ModuleBehavior> behaviors)
    {
        if (behaviors.IsDefaultOrEmpty)
        {
            return Unknown;
        }

        var first = behaviors[0];
        if (behaviors.Length == 1)
        {
            return first;
        }

        if (behaviors.Any(b => b.Kind != first.Kind
                               || b.Dimension?.ToString() != first.Dimension?.ToString()
                               || b.PreservesShape != first.PreservesShape
                               || b.PassesThrough != first.PassesThrough
                               || b.IsBareActivation != first.IsBareActivation))
        {
            return Unknown;
        }

        var width = behaviors.All(b => b.Width == first.Width) ? first.Width : null;
        var singleLabel = behaviors.All(b => b.SingleLabel);
        var sites = behaviors.SelectMany(b => b.Sites).Distinct().ToImmutableArray();
        return new ModuleBehavior(first.Kind, width, singleLabel, first.PreservesShape, first.PassesThrough, first.IsBareActivation, sites, first.Dimension);
    }
}
