using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Analysis;

/// <summary>What a tensor holds, as far as the code shows.</summary>
internal enum OriginKind
{
    Unknown,
    SigmoidProbabilities,
    SoftmaxProbabilities,
    LogProbabilities,

    /// <summary><c>cat</c>/<c>stack</c> of <c>p</c> and <c>1 - p</c> built from one sigmoid.</summary>
    TwoColumnFromSigmoid,

    /// <summary>The raw output of a <c>Linear</c> layer: logits.</summary>
    Logits,

    /// <summary><c>1 - p</c>, <c>ones(...) - p</c> or <c>ones_like(p) - p</c> for sigmoid probabilities <c>p</c>.</summary>
    SigmoidComplement,
}

internal enum SiteKind
{
    /// <summary>An activation call to unwrap: <c>torch.sigmoid(x)</c>, <c>x.sigmoid()</c>, <c>sigmoid.forward(x)</c>.</summary>
    UnwrapCall,

    /// <summary>A trailing activation element of a <c>Sequential(...)</c> to drop.</summary>
    SequentialElement,

    /// <summary>
    /// The loss input itself, to be replaced by a sibling that holds the value before the activation (<see
    /// cref="ActivationSite.Kept"/> names it): <c>probs</c> of <c>var (logits, probs) = net.forward(x)</c> becomes
    /// <c>logits</c>. Nothing else changes, so no other use sees a different value.
    /// </summary>
    Sibling,
}

/// <summary>A place in source where an activation is applied: what a fix removes.</summary>
internal readonly struct ActivationSite : System.IEquatable<ActivationSite>
{
    public ActivationSite(SiteKind kind, SyntaxNode node, SyntaxNode? kept, OriginKind activation = OriginKind.SigmoidProbabilities, SyntaxNode? dimension = null)
    {
        Kind = kind;
        Node = node;
        Kept = kept;
        Activation = activation;
        Dimension = dimension;
    }

    public SiteKind Kind { get; }

    /// <summary>What the activation produces: sigmoid, softmax or log-softmax outputs.</summary>
    public OriginKind Activation { get; }

    /// <summary>The <c>dim</c> argument of a softmax or log-softmax, where it is written.</summary>
    public SyntaxNode? Dimension { get; }

    /// <summary>The invocation to unwrap, or the argument of the Sequential call to drop.</summary>
    public SyntaxNode Node { get; }

    /// <summary>For <see cref="SiteKind.UnwrapCall"/>: the expression that stays in place of the call.</summary>
    public SyntaxNode? Kept { get; }

    public bool Equals(ActivationSite other) => Kind == other.Kind && Node == other.Node;

    public override bool Equals(object? obj) => obj is ActivationSite other && Equals(other);

    public override int GetHashCode() => Node.GetHashCode() ^ (int)Kind;
}

/// <summary>
/// The result of the origin analysis for one tensor expression: what it holds, how wide its class
/// dimension is, and where the activation that produced it was applied.
/// </summary>
internal sealed class TensorOrigin
{
    public static readonly TensorOrigin Unknown = new(OriginKind.Unknown, null, false, ImmutableArray<ActivationSite>.Empty);

    public TensorOrigin(OriginKind kind, long? width, bool singleLabel, ImmutableArray<ActivationSite> sites)
    {
        Kind = kind;
        Width = width;
        SingleLabel = singleLabel;
        Sites = sites.IsDefault ? ImmutableArray<ActivationSite>.Empty : sites;
    }

    public OriginKind Kind { get; }

    /// <summary>Size of the class (last) dimension where a <c>Linear(i, o)</c> with constant <c>o</c> shows it.</summary>
    public long? Width { get; }

    /// <summary>
    /// A single-label binary input: a width-1 head squeezed or flattened to one value per sample, or one
    /// column selected out of a wider head.
    /// </summary>
    public bool SingleLabel { get; }

    /// <summary>Where the activation was applied; empty when the kind carries no activation or none is in source.</summary>
    public ImmutableArray<ActivationSite> Sites { get; }

    public TensorOrigin WithKind(OriginKind kind) => new(kind, Width, SingleLabel, Sites);

    public TensorOrigin WithShape(long? width, bool singleLabel) => new(Kind, width, singleLabel, Sites);

    /// <summary>
    /// The origin of a value that may come from any of several definitions: they must agree on the kind,
    /// or nothing is known. Shapes that disagree are dropped; sites are pooled.
    /// </summary>
    public static TensorOrigin Merge(ImmutableArray<TensorOrigin> origins)
    {
        if (origins.IsDefaultOrEmpty)
        {
            return Unknown;
        }

        var first = origins[0];
        if (origins.Length == 1)
        {
            return first;
        }

        if (origins.Any(o => o.Kind != first.Kind) || first.Kind == OriginKind.Unknown)
        {
            return Unknown;
        }

        var width = origins.All(o => o.Width == first.Width) ? first.Width : null;
        var singleLabel = origins.All(o => o.SingleLabel);
        var sites = origins.SelectMany(o => o.Sites).Distinct().ToImmutableArray();
        return new TensorOrigin(first.Kind, width, singleLabel, sites);
    }

    public override string ToString() =>
        $"{Kind} width={Width?.ToString() ?? "?"}{(SingleLabel ? " single-label" : string.Empty)} sites={Sites.Length}";
}
