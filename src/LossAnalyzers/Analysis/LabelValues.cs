using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Analysis;

/// <summary>Which label convention a target's values follow, as far as the code shows them.</summary>
internal enum LabelConvention
{
    Unknown,

    /// <summary>0 and 1 (or only 0): a comparison, a <c>Bool</c> tensor, <c>one_hot</c>, 0/1 data.</summary>
    ZeroOne,

    /// <summary>-1 and 1 (or only -1): <c>2 * y - 1</c>, <c>where(c, 1, -1)</c>, ±1 data.</summary>
    PlusMinusOne,
}

/// <summary>What a target tensor holds and the expression that decided it (for messages).</summary>
internal readonly struct LabelValues
{
    public static readonly LabelValues Unknown = default;

    public LabelValues(LabelConvention convention, bool perClass, SyntaxNode? cause)
    {
        Convention = convention;
        PerClass = perClass;
        Cause = cause;
    }

    public LabelConvention Convention { get; }

    /// <summary>
    /// One 0/1 flag per element by construction (a comparison, <c>one_hot</c>, a <c>Bool</c> tensor, <c>randint(0, 2)</c>),
    /// not numbers that happen to be 0 and 1: never a list of class indices.
    /// </summary>
    public bool PerClass { get; }

    public SyntaxNode? Cause { get; }

    public bool Agrees(LabelValues other) => Convention == other.Convention && PerClass == other.PerClass;
}
