namespace LossAnalyzers.Tests.CarrierMatrix;

/// <summary>
/// One way real code hands a value on: it takes the value's expression, adds what it needs to the program (a helper, a
/// field, a type, a statement) and returns the expression that now holds the value. A carrier changes where the value
/// travels, never the value.
/// </summary>
internal sealed class Carrier
{
    private readonly Func<MatrixProgram, ValueKind, Carried, Carried> apply;

    public Carrier(string name, ValueKind[] kinds, Func<MatrixProgram, ValueKind, Carried, Carried> apply)
    {
        Name = name;
        Kinds = kinds;
        this.apply = apply;
    }

    public string Name { get; }

    /// <summary>The kinds of value it can carry.</summary>
    public IReadOnlyCollection<ValueKind> Kinds { get; }

    public Carried Apply(MatrixProgram program, ValueKind kind, Carried value) => apply(program, kind, value);

    public override string ToString() => Name;
}
