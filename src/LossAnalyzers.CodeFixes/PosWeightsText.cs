using System.Globalization;
using LossAnalyzers.Analysis;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes;

/// <summary>The one-element <c>pos_weights</c> that replaces two per-class weights, written as a literal with its ratio.</summary>
internal static class PosWeightsText
{
    /// <summary>
    /// A class weight <c>[w0, w1]</c> becomes <c>pos_weights [w1 / w0]</c>: negatives keep weight 1 and positives
    /// get the ratio, which leaves the optimum where the class weights put it.
    /// </summary>
    public static string? FromClassWeights(LossAnalysis analysis, IOperation weight, TorchNames names)
    {
        var values = analysis.WeightsOf(weight);
        if (values is null || !values.AllKnown || values.Length != 2)
        {
            return null;
        }

        var w0 = values.Elements[0]!.Value;
        var w1 = values.Elements[1]!.Value;
        if (!(w0 > 0) || double.IsInfinity(w0) || !(w1 > 0) || double.IsInfinity(w1))
        {
            return null;
        }

        // A float tensor's ratio is computed and shown in float, as the loss will see it.
        var isDouble = values.ElementType == SpecialType.System_Double;
        var ratio = isDouble ? w1 / w0 : (float)w1 / (float)w0;
        var array = $"new {(isDouble ? "double" : "float")}[] {{ {Literal(ratio, isDouble)} /* {Plain(w1, isDouble)} / {Plain(w0, isDouble)} */ }}";
        var weightText = weight.Syntax.ToString();

        // The values written in place, or the array a torch.tensor(...) call here is made from: replace just those,
        // keeping the rest of the expression (dtype, device moves) as it is.
        SyntaxNode? replaced = null;
        if (values.Array is { } literal && literal.Syntax.SyntaxTree == weight.Syntax.SyntaxTree && weight.Syntax.Span.Contains(literal.Syntax.Span))
        {
            replaced = literal.Syntax;
        }
        else if (OperationFacts.StripConversions(weight) is IInvocationOperation { TargetMethod.Name: "tensor" or "as_tensor" } creation
                 && SymbolEqualityComparer.Default.Equals(creation.TargetMethod.ContainingType, analysis.Symbols.Torch)
                 && OperationFacts.Argument(creation, 0)?.Value.Syntax is { } data
                 && weight.Syntax.Span.Contains(data.Span))
        {
            replaced = data;
        }

        if (replaced is not null)
        {
            var start = replaced.SpanStart - weight.Syntax.SpanStart;
            return weightText.Substring(0, start) + array + weightText.Substring(start + replaced.Span.Length);
        }

        // Built here by another torch factory (torch.full, torch.ones): a new one on the device it asked for.
        if (OperationFacts.StripConversions(weight) is IInvocationOperation { TargetMethod.IsStatic: true } factory
            && SymbolEqualityComparer.Default.Equals(factory.TargetMethod.ContainingType, analysis.Symbols.Torch))
        {
            return OperationFacts.Argument(factory, "device")?.Value.Syntax is { } device
                ? $"{names.Torch}.tensor({array}, device: {device})"
                : $"{names.Torch}.tensor({array})";
        }

        // A tensor kept elsewhere: a new one on the same device.
        return $"{names.Torch}.tensor({array}, device: {GeneratedCode.Receiver(weightText)}.device)";
    }

    private static string Literal(double value, bool isDouble)
    {
        if (isDouble)
        {
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.Contains(".") || text.Contains("E") ? text : text + ".0";
        }

        return ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";
    }

    private static string Plain(double value, bool isDouble) =>
        isDouble ? value.ToString("R", CultureInfo.InvariantCulture) : ((float)value).ToString("R", CultureInfo.InvariantCulture);
}
