using System.Collections.Generic;
using System.Linq;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

internal sealed partial class LossAnalysis
{
    /// <summary>
    /// The label convention a tensor's values follow: 0/1 from comparisons, <c>one_hot</c>, <c>Bool</c> or 0/1 data,
    /// <c>randint(0, 2)</c>, <c>where(c, 1, 0)</c>; ±1 from ±1 data, <c>where(c, 1, -1)</c> and <c>2 * y - 1</c> of 0/1 labels;
    /// followed through the value-flow engine and the steps that keep values (conversions, reshapes, indexing).
    /// Unknown where the sources disagree or one is not visible.
    /// </summary>
    public LabelValues LabelsOf(IOperation tensor) => labels.Get(tensor, state => Labels(tensor, state));

    private LabelValues Labels(IOperation tensor, TraceState state)
    {
        var found = Flow.Sources.Answers(tensor, state, leaf => LeafLabels(leaf, state), LabelValues.Unknown);
        if (found.IsDefaultOrEmpty)
        {
            return LabelValues.Unknown;
        }

        var first = found[0];
        return found.All(l => l.Convention != LabelConvention.Unknown && l.Agrees(first)) ? first : LabelValues.Unknown;
    }

    private LabelValues LeafLabels(IOperation leaf, TraceState state) => leaf switch
    {
        IBinaryOperation { OperatorMethod: { } method } binary when Symbols.IsTensor(method.ContainingType) => ArithmeticLabels(binary, state),
        IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed } indexer when Symbols.IsTensor(indexer.Property.ContainingType) =>
            Labels(indexed, state),
        IInvocationOperation invocation when Symbols.IsTensorFunctionHost(invocation.TargetMethod.ContainingType) => InvocationLabels(invocation, state),
        _ => LabelValues.Unknown,
    };

    private LabelValues ArithmeticLabels(IBinaryOperation binary, TraceState state)
    {
        switch (binary.OperatorKind)
        {
            case BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
                or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual:
                return new LabelValues(LabelConvention.ZeroOne, perClass: true, binary.Syntax);
            case BinaryOperatorKind.Subtract when Number(binary.RightOperand) == 1 && Scaled(binary.LeftOperand, 2) is { } doubled
                                                 && Labels(doubled, state) is { Convention: LabelConvention.ZeroOne } zeroOne:
                // 2 * y - 1 of 0/1 labels.
                return new LabelValues(LabelConvention.PlusMinusOne, zeroOne.PerClass, binary.Syntax);
            case BinaryOperatorKind.Subtract when Number(binary.LeftOperand) == 1 && Labels(Operand(binary.RightOperand), state) is { Convention: LabelConvention.ZeroOne } flipped:
                // 1 - y swaps 0 and 1.
                return new LabelValues(LabelConvention.ZeroOne, flipped.PerClass, binary.Syntax);
            case BinaryOperatorKind.Divide when Number(binary.RightOperand) == 2 && OperationFacts.StripConversions(binary.LeftOperand) is IBinaryOperation
                                                 { OperatorKind: BinaryOperatorKind.Add } shifted
                                               && Shifted(shifted) is { } plusMinus
                                               && Labels(plusMinus, state) is { Convention: LabelConvention.PlusMinusOne } halved:
                // (y + 1) / 2 of ±1 labels.
                return new LabelValues(LabelConvention.ZeroOne, halved.PerClass, binary.Syntax);
            default:
                return LabelValues.Unknown;
        }
    }

    /// <summary>The tensor operand of <c>k * y</c> or <c>y * k</c> with the constant <paramref name="factor"/>.</summary>
    private IOperation? Scaled(IOperation product, double factor) =>
        OperationFacts.StripConversions(product) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } multiply
            ? Number(multiply.LeftOperand) == factor && Symbols.IsTensor(Operand(multiply.RightOperand).Type) ? Operand(multiply.RightOperand)
            : Number(multiply.RightOperand) == factor && Symbols.IsTensor(Operand(multiply.LeftOperand).Type) ? Operand(multiply.LeftOperand)
            : null
            : null;

    /// <summary>The tensor operand of <c>y + 1</c> or <c>1 + y</c>.</summary>
    private IOperation? Shifted(IBinaryOperation sum) =>
        Number(sum.RightOperand) == 1 && Symbols.IsTensor(Operand(sum.LeftOperand).Type) ? Operand(sum.LeftOperand)
        : Number(sum.LeftOperand) == 1 && Symbols.IsTensor(Operand(sum.RightOperand).Type) ? Operand(sum.RightOperand)
        : null;

    private static IOperation Operand(IOperation operand) => OperationFacts.StripConversions(operand)!;

    private static double? Number(IOperation operand) => OperationFacts.ConstantNumber(operand);

    private LabelValues InvocationLabels(IInvocationOperation invocation, TraceState state)
    {
        var method = invocation.TargetMethod;
        var cause = invocation.Syntax;
        if (!method.IsStatic && invocation.Instance is { } receiver)
        {
            switch (method.Name)
            {
                case "eq" or "ne" or "gt" or "ge" or "lt" or "le" or "greater" or "less" or "logical_and" or "logical_or" or "logical_not" or "logical_xor" or "isnan":
                    return new LabelValues(LabelConvention.ZeroOne, perClass: true, cause);
                case "long" or "int" or "short" or "float" or "double" or "half" or "to" or "to_type" or "type"
                    or "view" or "reshape" or "squeeze" or "unsqueeze" or "flatten" or "clone" or "detach" or "contiguous" or "cpu" or "cuda"
                    or "select" or "narrow" or "index" or "t" or "transpose" or "permute" or "expand" or "expand_as" or "repeat":
                    // A conversion to Bool or an unsigned type turns -1 into something else; 0 and 1 stay.
                    var kept = Labels(receiver, state);
                    return kept.Convention == LabelConvention.PlusMinusOne && DtypeArgument(invocation) is { } converted && converted.ScalarType is "Bool" or "Byte"
                        ? LabelValues.Unknown
                        : kept;
                case "bool":
                    return Labels(receiver, state) is { Convention: LabelConvention.ZeroOne } flags ? flags : LabelValues.Unknown;
                default:
                    return LabelValues.Unknown;
            }
        }

        var first = OperationFacts.Argument(invocation, 0)?.Value;
        switch (method.Name)
        {
            case "one_hot":
                return new LabelValues(LabelConvention.ZeroOne, perClass: true, cause);
            case "eq" or "ne" or "gt" or "ge" or "lt" or "le" or "greater" or "less" or "logical_and" or "logical_or" or "logical_not" or "logical_xor":
                return new LabelValues(LabelConvention.ZeroOne, perClass: true, cause);
            case "randint" when RandomBits(invocation):
                return new LabelValues(LabelConvention.ZeroOne, perClass: true, cause);
            case "where" when OperationFacts.Argument(invocation, 1)?.Value is { } whenTrue && OperationFacts.Argument(invocation, 2)?.Value is { } whenFalse:
                return Chosen(Number(whenTrue), Number(whenFalse), cause);
            case "tensor" or "as_tensor" or "from_array" when first is not null:
                return DataLabels(first, state, cause);
            default:
                return LabelValues.Unknown;
        }
    }

    /// <summary><c>randint(2, size)</c> or <c>randint(0, 2, size)</c>: random 0/1 flags.</summary>
    private static bool RandomBits(IInvocationOperation randint)
    {
        var low = OperationFacts.Argument(randint, "low");
        var high = OperationFacts.Argument(randint, "high");
        return high is not null && OperationFacts.ConstantInteger(high.Value) == 2 && (low is null || OperationFacts.ConstantInteger(low.Value) == 0);
    }

    private static LabelValues Chosen(double? whenTrue, double? whenFalse, SyntaxNode cause) => (whenTrue, whenFalse) switch
    {
        (1, 0) or (0, 1) => new LabelValues(LabelConvention.ZeroOne, perClass: true, cause),
        (1, -1) or (-1, 1) => new LabelValues(LabelConvention.PlusMinusOne, perClass: true, cause),
        _ => LabelValues.Unknown,
    };

    /// <summary>Array data written out: all 0/1 with a 0, or all ±1 with a -1. <c>bool[]</c> data is 0/1 flags.</summary>
    private LabelValues DataLabels(IOperation data, TraceState state, SyntaxNode cause)
    {
        // A bool[] holds false and true, read as 0 and 1, whatever its elements are and wherever it was built.
        if (OperationFacts.StripConversions(data)?.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Boolean })
        {
            return new LabelValues(LabelConvention.ZeroOne, perClass: true, cause);
        }

        var found = Flow.Sources.Answers(data, state, leaf => ArrayLabels(leaf, cause), LabelValues.Unknown);
        if (found.IsDefaultOrEmpty)
        {
            return LabelValues.Unknown;
        }

        var first = found[0];
        return found.All(l => l.Convention != LabelConvention.Unknown && l.Agrees(first)) ? first : LabelValues.Unknown;
    }

    private static LabelValues ArrayLabels(IOperation leaf, SyntaxNode cause)
    {
        if (leaf is not IArrayCreationOperation { Initializer: { } initializer } array)
        {
            return LabelValues.Unknown;
        }

        if (array.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Boolean })
        {
            return new LabelValues(LabelConvention.ZeroOne, perClass: true, cause);
        }

        var values = new HashSet<double>();
        if (!Constants(initializer, values) || values.Count == 0)
        {
            return LabelValues.Unknown;
        }

        return values.All(v => v is 0 or 1) && values.Contains(0) ? new LabelValues(LabelConvention.ZeroOne, perClass: false, cause)
            : values.All(v => v is -1 or 1) && values.Contains(-1) ? new LabelValues(LabelConvention.PlusMinusOne, perClass: false, cause)
            : LabelValues.Unknown;
    }

    /// <summary>Every element of a (possibly nested) array initializer as a number; false when one is not a constant.</summary>
    private static bool Constants(IArrayInitializerOperation initializer, HashSet<double> values)
    {
        foreach (var element in initializer.ElementValues)
        {
            if (element is IArrayInitializerOperation nested)
            {
                if (!Constants(nested, values))
                {
                    return false;
                }
            }
            else if (OperationFacts.ConstantNumber(element) is { } number)
            {
                values.Add(number);
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
