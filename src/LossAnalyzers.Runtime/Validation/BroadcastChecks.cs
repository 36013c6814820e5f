using System.Linq;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// The input and target of an element-wise loss (LOSS019): libtorch broadcasts them, so an [N, 1] column against an [N]
/// vector becomes an [N, N] comparison of every prediction with every target, a wrong loss with at most a line on native
/// stderr that .NET never sees. Equal shapes pass, and so does a one-element target (one value for every element is
/// a deliberate broadcast). The target's device goes with this rule too, as the target rule of these losses.
/// </summary>
internal static class BroadcastChecks
{
    /// <summary>An element-wise loss's two arguments: present, on one device, of one shape.</summary>
    public static void CheckArguments(string loss, Tensor input, Tensor target)
    {
        if (input is null) throw new System.ArgumentNullException(nameof(input));
        if (target is null) throw new System.ArgumentNullException(nameof(target));
        Check(loss, input, target);
    }

    /// <param name="loss">The loss's name for the message.</param>
    /// <param name="input">The prediction.</param>
    /// <param name="target">The tensor compared with it element by element.</param>
    /// <param name="inputName">How the message calls the first tensor (<c>input</c>, <c>input1</c>).</param>
    /// <param name="targetName">How the message and the exception's parameter call the second (<c>target</c>, <c>input2</c>).</param>
    /// <param name="oneElementAllowed">Whether a one-element second tensor passes (a target; not a second input).</param>
    public static void Check(string loss, Tensor input, Tensor target, string inputName = "input", string targetName = "target", bool oneElementAllowed = true)
    {
        if (target.device_type != input.device_type || target.device_index != input.device_index)
            throw new LossValidationException(RuleIds.Broadcast,
                $"{Capital(targetName)} is on {TensorText.Device(target)} but {Noun(inputName)} is on {TensorText.Device(input)}. Both must be " +
                $"on the same device: move it with {targetName}.to({inputName}.device), best once where the batch is made.",
                targetName);

        var inputShape = Shapes.Of(input);
        var targetShape = Shapes.Of(target);
        if (inputShape.SequenceEqual(targetShape) || (oneElementAllowed && Elements(targetShape) == 1)) return;
        throw new LossValidationException(RuleIds.Broadcast, Message(loss, inputShape, targetShape, inputName, targetName), targetName);
    }

    /// <summary>
    /// A target with one value per row of the input ([N] for [N, D], a scalar for [D]): CosineEmbeddingLoss. libtorch
    /// refuses other shapes, but only with "0D or 1D target tensor expected".
    /// </summary>
    public static void CheckPerRow(string loss, Tensor input, Tensor target)
    {
        var inputShape = Shapes.Of(input);
        var targetShape = Shapes.Of(target);
        var expected = inputShape.Take(System.Math.Max(inputShape.Length - 1, 0)).ToArray();
        if (targetShape.SequenceEqual(expected)) return;
        var text = $"The target has shape {TensorText.Shape(targetShape)}, but {loss} compares the rows of input1 and input2 " +
                   $"{TensorText.Shape(inputShape)} and takes one label per row, {TensorText.Shape(expected)}.";
        if (targetShape.SequenceEqual(expected.Append(1L)))
            text += " The target holds its labels in a column: squeeze it with target.squeeze(-1).";
        throw new LossValidationException(RuleIds.Broadcast, text, "target");
    }

    /// <summary>The shape both broadcast to, or null when they do not broadcast.</summary>
    public static long[]? Broadcast(long[] a, long[] b)
    {
        var rank = System.Math.Max(a.Length, b.Length);
        var result = new long[rank];
        for (var k = 1; k <= rank; k++)
        {
            var x = k <= a.Length ? a[^k] : 1;
            var y = k <= b.Length ? b[^k] : 1;
            if (x != y && x != 1 && y != 1) return null;
            result[^k] = x == 1 ? y : x;
        }

        return result;
    }

    private static string Message(string loss, long[] input, long[] target, string inputName, string targetName)
    {
        var i = TensorText.Shape(input);
        var t = TensorText.Shape(target);
        var broadcast = Broadcast(input, target);
        var head = broadcast is null
            ? $"{Capital(inputName)} has shape {i} but {Noun(targetName)} has shape {t}, which do not broadcast. {loss} compares them " +
              "element by element, so the shapes must be equal."
            : $"{Capital(inputName)} has shape {i} but {Noun(targetName)} has shape {t}. {loss} compares them element by element and " +
              $"libtorch broadcasts them to {TensorText.Shape(broadcast)}{Pairs(input, target, broadcast)}, so the loss is wrong " +
              "without any error (at most a warning on native stderr, which .NET does not show). The shapes must be equal.";

        if (input.Length == target.Length + 1 && input[^1] == 1 && Prefix(target, input))
            return head + $" {Capital(inputName)} looks like one value per sample kept in a column (a one-output head): squeeze it with " +
                   $"{inputName}.squeeze(-1), which makes it {t} like {Noun(targetName)} (or unsqueeze {Noun(targetName)} with " +
                   $"{targetName}.unsqueeze(-1), which makes it {i}).";

        if (target.Length == input.Length + 1 && target[^1] == 1 && Prefix(input, target))
            return head + $" {Capital(targetName)} holds one value per sample in a column: squeeze it with {targetName}.squeeze(-1), " +
                   $"which makes it {i} like {Noun(inputName)} (or unsqueeze {Noun(inputName)} with {inputName}.unsqueeze(-1)).";

        return head + $" Give {Noun(targetName)} the shape {i}; if the broadcast is meant, write it out with {targetName}.expand_as({inputName}).";
    }

    // [16, 1] against [16] is 256 comparisons where 16 were meant: the count makes the mistake concrete.
    private static string Pairs(long[] input, long[] target, long[] broadcast)
    {
        var meant = System.Math.Max(Elements(input), Elements(target));
        var made = Elements(broadcast);
        return made > meant ? $" ({made} pairs where {meant} were meant)" : "";
    }

    private static long Elements(long[] shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }

    private static bool Prefix(long[] shorter, long[] longer)
    {
        for (var d = 0; d < shorter.Length; d++)
            if (shorter[d] != longer[d]) return false;
        return true;
    }

    private static string Noun(string name) => name is "input" or "target" ? "the " + name : name;

    private static string Capital(string name) => name is "input" or "target" ? "The " + name : name;
}
