using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Analysis;

/// <summary>
/// A setting of a loss (<c>reduction</c>, <c>log_target</c>, <c>eps</c>, <c>full</c>, <c>margin</c>) as the code leaves it:
/// the constant written, else the default the referenced TorchSharp declares for that form (read from its symbols,
/// never assumed).
/// </summary>
internal static class LossSettings
{
    /// <summary>On one functional call or construction; null when it has no such parameter or the value is not a constant.</summary>
    public static object? Value(IOperation callOrCreation, string name)
    {
        if (Parameter(callOrCreation, name) is not { } parameter)
        {
            return null;
        }

        return OperationFacts.Argument(callOrCreation, name) is { } written ? OperationFacts.Constant(written.Value)
            : parameter.HasExplicitDefaultValue ? parameter.ExplicitDefaultValue
            : null;
    }

    /// <summary>On a loss call: the functional call's, or its one construction's; null otherwise.</summary>
    public static object? Value(LossCall call, string name) =>
        call.IsFunctional ? Value(call.Invocation, name)
        : call.Constructions.Length == 1 ? Value(call.Constructions[0].Creation, name)
        : null;

    /// <summary>The parameter <paramref name="name"/> of the method or constructor a call or creation runs.</summary>
    public static IParameterSymbol? Parameter(IOperation callOrCreation, string name)
    {
        foreach (var parameter in OperationFacts.Called(callOrCreation)?.Parameters ?? default)
        {
            if (parameter.Name == name)
            {
                return parameter;
            }
        }

        return null;
    }
}
