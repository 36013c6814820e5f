using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Analysis;

/// <summary>
/// What the code shows of a tensor's shape, as far as broadcasting mistakes need it: how many dimensions, whether the
/// last one is 1 (<c>[N, 1]</c>), and whether it is the <c>[N, N]</c> that <c>[N, 1]</c> and <c>[N]</c> broadcast to.
/// </summary>
internal sealed class TensorShape
{
    public static readonly TensorShape Unknown = new(null, trailingOne: false, outer: false, cause: null);

    public TensorShape(int? rank, bool trailingOne, bool outer, SyntaxNode? cause, bool rankShown = true)
    {
        Rank = rank;
        RankShown = rank is not null && rankShown;
        TrailingOne = trailingOne;
        Outer = outer;
        Cause = cause;
    }

    /// <summary>The number of dimensions, where the code shows it.</summary>
    public int? Rank { get; }

    /// <summary>
    /// The rank is written in the code (data, sizes, <c>permute</c>), not the batch of vectors assumed for a head whose
    /// input's rank is not shown: a question that depends on the exact rank asks this.
    /// </summary>
    public bool RankShown { get; }

    /// <summary>The last dimension is 1: <c>[N, 1]</c> from a one-output head, <c>unsqueeze(-1)</c>, <c>view(-1, 1)</c>.</summary>
    public bool TrailingOne { get; }

    /// <summary>Built by an arithmetic of an <c>[N, 1]</c> and an <c>[N]</c> tensor: <c>[N, N]</c>.</summary>
    public bool Outer { get; }

    /// <summary>Where the shape was decided, for messages.</summary>
    public SyntaxNode? Cause { get; }

    public bool IsKnown => Rank is not null;

    /// <summary>Ending in 1 over a batch: <c>[N, 1]</c>, or <c>[..., 1]</c> where the rank is not visible (not a lone <c>[1]</c>).</summary>
    public bool IsColumn => TrailingOne && Rank is null or >= 2 && !Outer;

    /// <summary>A vector: rank 1, <c>[N]</c> (not the <c>[1]</c> of a one-output head on a single sample).</summary>
    public bool IsVector => Rank == 1 && !TrailingOne && !Outer;

    public TensorShape WithCause(SyntaxNode cause) => new(Rank, TrailingOne, Outer, cause, RankShown);

    /// <summary>A shape derived from this one by a step that changes the rank: as shown as this one's.</summary>
    public TensorShape Derived(int? rank, bool trailingOne, SyntaxNode cause) => new(rank, trailingOne, outer: false, cause, RankShown);

    /// <summary>The shape in the words of a message: <c>[N, 1]</c>, <c>[N]</c>, <c>[N, N]</c>.</summary>
    public string Text => Outer ? "[N, N]" : Rank switch
    {
        1 => "[N]",
        2 => TrailingOne ? "[N, 1]" : "[N, C]",
        { } rank => TrailingOne ? $"[N, ..., 1] ({rank} dimensions)" : $"{rank} dimensions",
        null => TrailingOne ? "[..., 1]" : "unknown",
    };

    public bool SameAs(TensorShape other) => Rank == other.Rank && TrailingOne == other.TrailingOne && Outer == other.Outer;
}
