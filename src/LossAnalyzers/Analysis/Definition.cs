using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Analysis;

/// <summary>
/// One place that gives a variable, field or property its value: an initializer, an assignment or a
/// getter's return. <see cref="Value"/> is null where the value cannot be known (a <c>ref</c>/<c>out</c>
/// argument, a compound assignment, a deconstruction, a <c>foreach</c> variable, a parameter's incoming value).
/// </summary>
internal readonly struct Definition
{
    public Definition(SyntaxNode node, IOperation? value)
    {
        Node = node;
        Value = value;
    }

    public SyntaxNode Node { get; }

    public IOperation? Value { get; }

    public bool IsUnknown => Value is null;
}
