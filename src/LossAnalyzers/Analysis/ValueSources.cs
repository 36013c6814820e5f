using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

/// <summary>
/// The expressions that may have produced a value: follows locals and parameters (reaching definitions),
/// fields and properties (every definition in the compilation), conversions and conditionals, down to the
/// expressions that compute something (calls, object creations, operators). <see cref="Complete"/> is false
/// where some definition cannot be known (a parameter's incoming value, a <c>ref</c> write).
/// </summary>
internal readonly struct ValueSources
{
    public ValueSources(ImmutableArray<IOperation> leaves, bool complete)
    {
        Leaves = leaves;
        Complete = complete;
    }

    public ImmutableArray<IOperation> Leaves { get; }

    public bool Complete { get; }
}

internal sealed class ValueSourceFinder
{
    private readonly MemberDefinitions members;

    public ValueSourceFinder(MemberDefinitions members)
    {
        this.members = members;
    }

    public ValueSources Find(IOperation value, TraceState state)
    {
        var leaves = ImmutableArray.CreateBuilder<IOperation>();
        var complete = Walk(value, state, leaves);
        return new ValueSources(leaves.ToImmutable(), complete);
    }

    private bool Walk(IOperation? value, TraceState state, ImmutableArray<IOperation>.Builder leaves)
    {
        switch (value)
        {
            case null:
                return false;
            case IConversionOperation conversion when conversion.OperatorMethod is null:
                return Walk(conversion.Operand, state, leaves);
            case IParenthesizedOperation parenthesized:
                return Walk(parenthesized.Operand, state, leaves);
            case IConditionalOperation { WhenFalse: not null } conditional:
                return Walk(conditional.WhenTrue, state, leaves) & Walk(conditional.WhenFalse, state, leaves);
            case ICoalesceOperation coalesce:
                return Walk(coalesce.Value, state, leaves) & Walk(coalesce.WhenNull, state, leaves);
            case ISimpleAssignmentOperation assignment:
                // `x = y = Linear(...)`: the value of an assignment is what was assigned.
                return Walk(assignment.Value, state, leaves);
            case ILocalReferenceOperation local:
                return WalkDefinitions(value.Syntax, local.Local, LocalDefinitions.Reaching(value, local.Local), state, leaves);
            case IParameterReferenceOperation parameter:
                return WalkDefinitions(value.Syntax, parameter.Parameter, LocalDefinitions.Reaching(value, parameter.Parameter), state, leaves);
            case IFieldReferenceOperation field:
                return WalkDefinitions(field.Field.OriginalDefinition, field.Field, members.For(field.Field), state, leaves);
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                return WalkDefinitions(property.Property.OriginalDefinition, property.Property, members.For(property.Property), state, leaves);
            default:
                leaves.Add(value);
                return true;
        }
    }

    private bool WalkDefinitions(
        object key,
        ISymbol symbol,
        ImmutableArray<Definition> definitions,
        TraceState state,
        ImmutableArray<IOperation>.Builder leaves)
    {
        if (definitions.IsDefault)
        {
            return false;
        }

        switch (state.Enter(key))
        {
            case EnterResult.Cycle:
                return true;
            case EnterResult.TooDeep:
                return false;
        }

        try
        {
            if (definitions.IsEmpty && symbol is IFieldSymbol or IPropertySymbol)
            {
                // Never assigned in source: null, or set by reflection. Nothing is known.
                return false;
            }

            var complete = true;
            foreach (var definition in definitions)
            {
                complete &= !definition.IsUnknown && Walk(definition.Value, state, leaves);
            }

            return complete;
        }
        finally
        {
            state.Exit(key);
        }
    }
}
