using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

/// <summary>What the code shows of a small weight tensor: its length, its element values, where they are written.</summary>
internal sealed class WeightValues
{
    public WeightValues(int? length, ImmutableArray<double?> elements, SpecialType elementType, IArrayCreationOperation? array)
    {
        Length = length;
        Elements = elements;
        ElementType = elementType;
        Array = array;
    }

    /// <summary>Number of elements of a one-dimensional weight; null when the shape is not known.</summary>
    public int? Length { get; }

    /// <summary>Each element's constant value where it is a literal or constant; empty when not written out.</summary>
    public ImmutableArray<double?> Elements { get; }

    /// <summary><c>System_Single</c> or <c>System_Double</c> for an array literal; <c>None</c> otherwise.</summary>
    public SpecialType ElementType { get; }

    /// <summary>The array literal the values come from, when there is one.</summary>
    public IArrayCreationOperation? Array { get; }

    /// <summary>True when every element is known.</summary>
    public bool AllKnown => Length is not null && Elements.Length == Length && !Elements.Contains(null);
}

internal sealed partial class LossAnalysis
{
    /// <summary>
    /// The values of a weight tensor where its construction shows them: <c>torch.tensor(new float[] {...})</c>
    /// (inline, or an array local with an initializer), <c>torch.tensor(5f)</c>, <c>torch.ones(n)</c>,
    /// <c>torch.full(n, v)</c>, through locals, fields and dtype or device moves. Null when not visible.
    /// </summary>
    public WeightValues? WeightsOf(IOperation weight)
    {
        var candidates = WeightCandidates(weight);
        if (candidates.IsDefaultOrEmpty)
        {
            return null;
        }

        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        // A choice of weights: what every candidate agrees on.
        var first = candidates[0];
        var length = candidates.All(c => c.Length == first.Length) ? first.Length : null;
        var elements = length is not null && candidates.All(c => c.Elements.SequenceEqual(first.Elements)) ? first.Elements : ImmutableArray<double?>.Empty;
        return new WeightValues(length, elements, SpecialType.None, null);
    }

    /// <summary>
    /// The values of each weight tensor a weight expression may hold (the candidates of a choice, say); default when one
    /// of them is not visible.
    /// </summary>
    public ImmutableArray<WeightValues> WeightCandidates(IOperation weight)
    {
        var candidates = Flow.Sources.Answers<WeightValues?>(weight, new TraceState(), leaf => LeafWeights(leaf), tooDeep: null);
        return candidates.IsDefaultOrEmpty || candidates.Any(c => c is null) ? default : candidates.Select(c => c!).ToImmutableArray();
    }

    private WeightValues? LeafWeights(IOperation leaf)
    {
        while (leaf is IInvocationOperation { Instance: { } receiver, TargetMethod: var step }
               && Symbols.IsTensor(step.ContainingType)
               && step.Name is "to" or "cuda" or "cpu" or "to_type" or "float" or "double" or "clone" or "detach" or "contiguous")
        {
            var inner = Flow.Sources.Find(receiver, new TraceState());
            if (!inner.Complete || inner.Leaves.Length != 1)
            {
                return null;
            }

            leaf = inner.Leaves[0];
        }

        if (leaf is not IInvocationOperation creation || !SymbolEqualityComparer.Default.Equals(creation.TargetMethod.ContainingType, Symbols.Torch))
        {
            return null;
        }

        var first = OperationFacts.Argument(creation, 0);
        switch (creation.TargetMethod.Name)
        {
            case "tensor" or "as_tensor" when first is not null:
                // new float[] {...} may bind to the IList<float> overload: look through the conversion.
                if (OperationFacts.StripConversions(first.Value) is { Type: IArrayTypeSymbol { Rank: 1 } arrayType } array)
                {
                    return ArrayValues(array, arrayType.ElementType.SpecialType);
                }

                return first.Value.Type?.SpecialType is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Int32 or SpecialType.System_Int64
                    ? new WeightValues(1, ImmutableArray.Create(OperationFacts.ConstantNumber(first.Value)), SpecialType.None, null)
                    : null;
            case "ones" or "zeros" or "full":
                var value = creation.TargetMethod.Name switch
                {
                    "ones" => 1.0,
                    "zeros" => 0.0,
                    _ => OperationFacts.ConstantNumber(OperationFacts.Argument(creation, "value")?.Value),
                };
                var length = SingleDimension(creation);
                return length is { } n and >= 0 and <= 4096
                    ? new WeightValues((int)n, ImmutableArray.CreateRange(System.Linq.Enumerable.Repeat(value, (int)n)), SpecialType.None, null)
                    : null;
            default:
                return null;
        }
    }

    private WeightValues? ArrayValues(IOperation array, SpecialType elementType)
    {
        var found = Flow.Sources.Find(array, new TraceState());
        if (!found.Complete || found.Leaves.Length != 1 || found.Leaves[0] is not IArrayCreationOperation { Initializer: { } initializer } creation)
        {
            return null;
        }

        if (IsWrittenTo(array))
        {
            return null;
        }

        var elements = ImmutableArray.CreateBuilder<double?>(initializer.ElementValues.Length);
        foreach (var element in initializer.ElementValues)
        {
            elements.Add(OperationFacts.ConstantNumber(element));
        }

        return new WeightValues(elements.Count, elements.MoveToImmutable(), elementType, creation);
    }

    /// <summary>An array local whose elements are assigned (<c>w[0] = 3</c>) no longer holds its initializer's values.</summary>
    private static bool IsWrittenTo(IOperation array)
    {
        if (OperationFacts.StripConversions(array) is not ILocalReferenceOperation local)
        {
            return false;
        }

        foreach (var operation in LocalDefinitions.Root(array).Descendants())
        {
            if (operation is IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation target } element
                && SymbolEqualityComparer.Default.Equals(target.Local, local.Local)
                && element.Parent is IAssignmentOperation assignment && assignment.Target == element)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The size of a one-dimensional <c>ones(n)</c>, <c>full(n, v)</c>, <c>ones(new long[] { n })</c>.</summary>
    private static long? SingleDimension(IInvocationOperation creation)
    {
        var size = OperationFacts.Argument(creation, 0);
        if (size is null || size.Parameter?.Name is not ("size" or "dims"))
        {
            return null;
        }

        var dimensions = OperationFacts.ConstantIntegers(size);
        return !dimensions.IsDefault && dimensions.Length == 1 ? dimensions[0] : null;
    }
}
