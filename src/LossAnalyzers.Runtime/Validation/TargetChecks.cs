using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// The target of a BCE loss: the input's shape (libtorch does not broadcast it), a floating dtype (the loss computes
/// with its values) and the input's device. Reported as LOSS009, the analyzer rule for BCE targets.
/// </summary>
internal static class TargetChecks
{
    public static void Check(Tensor input, long[] inputShape, Tensor target)
    {
        var targetShape = Shapes.Of(target);
        if (!SameShape(inputShape, targetShape))
            throw new LossValidationException(RuleIds.Target, ShapeMessage(inputShape, targetShape), "target");

        if (!target.is_floating_point())
        {
            var dtype = input.is_floating_point() ? input.dtype : ScalarType.Float32;
            throw new LossValidationException(RuleIds.Target,
                $"The target's dtype is {target.dtype}, but BCEWithLogitsLoss needs a floating-point target (0 and 1, or " +
                $"probabilities between them) of the input's type, {dtype}. Convert it with target.to_type(ScalarType.{dtype}). " +
                "functional.one_hot and class indices are Int64, and comparisons such as labels == 1 are Bool, so targets " +
                "built that way need this conversion.",
                "target");
        }

        if (target.device_type != input.device_type || target.device_index != input.device_index)
            throw new LossValidationException(RuleIds.Target,
                $"The target is on {TensorText.Device(target)} but the input is on {TensorText.Device(input)}. Both must be on the " +
                "same device: move the target with target.to(input.device), best once where the batch is made.",
                "target");
    }

    private static bool SameShape(long[] a, long[] b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
            if (a[i] != b[i]) return false;
        return true;
    }

    // The common mismatches get their own advice: a width-1 head kept as a column, a target kept as a column, a
    // one_hot target for a single logit, and a two-column head with one label per sample (the forum thread's model).
    private static string ShapeMessage(long[] input, long[] target)
    {
        var i = TensorText.Shape(input);
        var t = TensorText.Shape(target);
        var head = $"The input has shape {i} but the target has shape {t}. BCEWithLogitsLoss compares them element by " +
                   "element, so the shapes must be equal.";

        if (input.Length == target.Length + 1 && input[^1] == 1 && Prefix(target, input))
            return head + $" The input looks like one logit per sample from a one-output head, kept in a column: squeeze " +
                   $"the input with input.squeeze(-1), which makes it {t} like the target (or unsqueeze the target with " +
                   $"target.unsqueeze(-1), which makes it {i} like the input).";

        if (target.Length == input.Length + 1 && target[^1] == 1 && Prefix(input, target))
            return head + $" The target holds one label per sample in a column: squeeze the target with target.squeeze(-1), " +
                   $"which makes it {i} like the input (or unsqueeze the input with input.unsqueeze(-1)).";

        if (target.Length == input.Length + 1 && target[^1] > 1 && Prefix(input, target))
        {
            var k = target[^1];
            return head + $" The input has one logit per sample, but the target has {k} values per sample: it looks like " +
                   $"one_hot of class labels. For one yes/no output the target is the 0/1 label itself, shape {i}: pass " +
                   $"labels.to_type(ScalarType.Float32) instead of one_hot(labels, {k}). If each sample really has {k} " +
                   $"independent yes/no labels, the model needs {k} outputs, shape {t}.";
        }

        if (input.Length == target.Length + 1 && input[^1] > 1 && Prefix(target, input))
        {
            var k = input[^1];
            return head + $" The input has {k} logits per sample, but the target has one value per sample. If the {k} " +
                   $"columns are {k} independent yes/no labels, give the target the input's shape {i}, one 0/1 column per " +
                   "label. If each sample answers one yes/no question, use one logit per sample (a head with one output, " +
                   $"squeezed to {t}) and pos_weights with one element. If the {k} columns are the classes of a multi-class " +
                   "problem, use CrossEntropyLoss with the class indices instead.";
        }

        return head + " BCEWithLogitsLoss does not broadcast the target: give it the input's shape, one 0/1 (or " +
               "probability) value per logit.";
    }

    private static bool Prefix(long[] shorter, long[] longer)
    {
        for (var d = 0; d < shorter.Length; d++)
            if (shorter[d] != longer[d]) return false;
        return true;
    }
}
