using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Flow;

/// <summary>
/// One place that gives a variable, field or property its value: an initializer, an assignment or a
/// getter's return. <see cref="Value"/> is null where the value cannot be known (a <c>ref</c>/<c>out</c>
/// argument, a compound assignment, a <c>foreach</c> variable, a parameter's incoming value), and for an element
/// of a deconstruction, which gives <see cref="TupleSource"/> and <see cref="Element"/> instead.
/// </summary>
internal readonly struct Definition
{
    public Definition(SyntaxNode node, IOperation? value)
    {
        Node = node;
        Value = value;
        TupleSource = null;
        Element = -1;
    }

    public Definition(SyntaxNode node, IOperation tupleSource, int element)
    {
        Node = node;
        Value = null;
        TupleSource = tupleSource;
        Element = element;
    }

    public SyntaxNode Node { get; }

    public IOperation? Value { get; }

    /// <summary>For <c>var (a, b) = f(x);</c>: the deconstructed value, <c>f(x)</c>.</summary>
    public IOperation? TupleSource { get; }

    /// <summary>Which element of <see cref="TupleSource"/> this variable takes; -1 when not a deconstruction.</summary>
    public int Element { get; }

    /// <summary>Nothing is known about the value (a deconstruction element counts as known to the value-flow engine).</summary>
    public bool IsUnknown => Value is null && TupleSource is null;
}
