using System.Globalization;
using System.Linq;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// The input and target of CrossEntropyLoss / NLLLoss: an input [N, C] or [N, C, d1, ...] (or one sample [C]), a
/// class dimension wider than 1 (LOSS003), and a target of class indices (Int64, or Byte, which libtorch also takes)
/// shaped like the input without its class dimension, on the input's device (LOSS018). CrossEntropyLoss also takes a
/// float target of the input's shape: class probabilities. Label values are read only where that is cheap (CPU) or
/// asked for (<see cref="ValidatedLoss.CheckValues"/>).
/// </summary>
internal static class ClassIndexChecks
{
    /// <returns>True when the target holds class probabilities (CrossEntropyLoss only), false for class indices.</returns>
    public static bool Check(string loss, Tensor input, long[] inputShape, Tensor target, long ignoreIndex, bool probabilitiesAllowed)
    {
        if (inputShape.Length == 0 || !input.is_floating_point())
            throw new LossValidationException(RuleIds.ClassIndexTarget,
                $"{loss} takes a floating-point input of scores, [N, C] (or [N, C, d1, ...]), but the input is {input.dtype} " +
                $"of shape {TensorText.Shape(inputShape)}.",
                "input");

        var classDim = inputShape.Length == 1 ? 0 : 1;
        var classes = inputShape[classDim];
        if (classes == 1)
            throw new LossValidationException(RuleIds.WidthOne,
                $"The input {TensorText.Shape(inputShape)} has one class (dimension {classDim} has size 1). Over a single " +
                $"class log_softmax is 0 for every sample, so {loss} is constant and the model learns nothing. For a yes/no " +
                "output use BCEWithLogitsLoss on input.squeeze(1) with float 0/1 targets; for C classes give the head C outputs.",
                "input");

        var targetShape = Shapes.Of(target);
        if (target.device_type != input.device_type || target.device_index != input.device_index)
            throw new LossValidationException(RuleIds.ClassIndexTarget,
                $"The target is on {TensorText.Device(target)} but the input is on {TensorText.Device(input)}. Move the target " +
                "with target.to(input.device), best once where the batch is made.",
                "target");

        if (target.is_floating_point())
        {
            if (probabilitiesAllowed && targetShape.SequenceEqual(inputShape)) return true;
            throw new LossValidationException(RuleIds.ClassIndexTarget, FloatTargetMessage(loss, inputShape, targetShape, target.dtype, probabilitiesAllowed), "target");
        }

        if (target.dtype is not (ScalarType.Int64 or ScalarType.Byte))
            throw new LossValidationException(RuleIds.ClassIndexTarget,
                $"The target's dtype is {target.dtype}, but {loss} reads class indices as Int64 (libtorch: 'expected scalar " +
                $"type Long but found {LibTorchName(target.dtype)}'). Convert it with target.to_type(ScalarType.Int64). In C#, " +
                "torch.tensor(new int[] {...}) makes an Int32 tensor; torch.tensor(new long[] {...}) an Int64 one.",
                "target");

        var expected = inputShape.Where((_, d) => d != classDim).ToArray();
        if (!targetShape.SequenceEqual(expected))
            throw new LossValidationException(RuleIds.ClassIndexTarget, ShapeMessage(loss, inputShape, targetShape, expected), "target");

        if (target.device_type == TorchSharp.DeviceType.CPU || ValidatedLoss.CheckValues)
            CheckLabels(loss, target, targetShape, classes, ignoreIndex);
        return false;
    }

    private static void CheckLabels(string loss, Tensor target, long[] targetShape, long classes, long ignoreIndex)
    {
        // The common case, contiguous Int64 labels on the CPU: one loop over their memory, no libtorch ops.
        if (target.dtype == ScalarType.Int64 && target.device_type == TorchSharp.DeviceType.CPU && target.is_contiguous()
            && AllInRange(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(target.bytes), classes, ignoreIndex))
        {
            return;
        }

        using var scope = NewDisposeScope();
        var bad = (target.lt(0) | target.ge(classes)) & target.ne(ignoreIndex);
        if (!bad.any().item<bool>()) return;

        var flat = bad.reshape(-1).nonzero().reshape(-1);
        var first = flat[0].item<long>();
        var value = target.reshape(-1)[first].item<long>();
        var count = flat.shape[0];
        var hint = value == classes
            ? $" A label equal to C often means the labels run from 1 to {classes}: subtract 1, or give the head {classes + 1} outputs if there are {classes + 1} classes."
            : value < 0 ? $" Negative labels other than ignore_index ({ignoreIndex}) are not classes; mark left-out samples with ignore_index." : "";
        throw new LossValidationException(RuleIds.ClassIndexTarget,
            $"The target holds {value} at position {TensorText.Index(first, targetShape)}, but {loss} has C = {classes} classes " +
            $"(the input's class dimension), so labels must be 0 to {classes - 1}" +
            (ignoreIndex < 0 || ignoreIndex >= classes ? $" or ignore_index ({ignoreIndex})" : "") + "." +
            (count > 1 ? $" {count.ToString(CultureInfo.InvariantCulture)} labels are out of range." : "") + hint,
            "target");
    }

    private static bool AllInRange(System.ReadOnlySpan<long> labels, long classes, long ignoreIndex)
    {
        foreach (var label in labels)
        {
            // One unsigned comparison covers both ends: negative labels wrap to huge values.
            if ((ulong)label >= (ulong)classes && label != ignoreIndex)
            {
                return false;
            }
        }

        return true;
    }

    private static string ShapeMessage(string loss, long[] input, long[] target, long[] expected)
    {
        var i = TensorText.Shape(input);
        var t = TensorText.Shape(target);
        var head = $"The input has shape {i} and the target {t}, but {loss} wants class scores [N, C, ...] and one class index " +
                   $"per position, {TensorText.Shape(expected)}.";
        if (input.Length == 3 && target.Length == 2 && target[0] == input[0] && target[1] == input[1])
            return head + $" The input looks like a sequence model's output [N, T, C] with the classes last; {loss} wants them " +
                   $"in dimension 1: pass input.permute(0, 2, 1) ({TensorText.Shape(new[] { input[0], input[2], input[1] })}), or " +
                   $"flatten both, input.reshape(-1, {input[2]}) and target.reshape(-1).";
        if (target.SequenceEqual(expected.Append(1L)))
            return head + " The target holds one label per sample in a column: pass target.squeeze(-1).";
        if (target.SequenceEqual(input))
            return head + " A target of the input's shape looks one-hot encoded: pass target.argmax(1) (the class indices) instead.";
        return head;
    }

    private static string FloatTargetMessage(string loss, long[] input, long[] target, ScalarType dtype, bool probabilitiesAllowed) =>
        $"The target is {dtype} of shape {TensorText.Shape(target)}, but {loss} takes class indices (Int64) of shape " +
        $"{TensorText.Shape(input.Where((_, d) => d != (input.Length == 1 ? 0 : 1)).ToArray())}" +
        (probabilitiesAllowed ? $", or class probabilities of the input's shape {TensorText.Shape(input)}" : "") +
        ". If it holds class indices, convert it with target.to_type(ScalarType.Int64)" +
        (probabilitiesAllowed ? "." : "; for a distribution per sample use CrossEntropyLoss (class probabilities) or KLDivLoss.");

    private static string LibTorchName(ScalarType dtype) => dtype switch
    {
        ScalarType.Int32 => "Int",
        ScalarType.Int16 => "Short",
        ScalarType.Int8 => "Char",
        _ => dtype.ToString(),
    };
}
