using System.Text;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// pos_weights against the input (LOSS006): one element, or one per label of the input's last dimension. The length
/// is checked against every input, since only the input says how many labels there are.
/// </summary>
internal static class PosWeightChecks
{
    /// <summary>pos_weights alone: one-dimensional (a scalar is read as one element). Independent of the input.</summary>
    public static void CheckRank(Tensor posWeights)
    {
        if (posWeights.dim() <= 1) return;
        throw new LossValidationException(RuleIds.PosWeightLength,
            $"pos_weights has shape {TensorText.Shape(posWeights.shape)}, but it must be one-dimensional: one element per " +
            "label (the input's last dimension), or a single element shared by all labels. Flatten it with " +
            "pos_weights.reshape(-1).",
            "pos_weights");
    }

    /// <summary>The length against the input. <paramref name="posWeights"/> is one-dimensional.</summary>
    public static void CheckLength(long[] inputShape, Tensor posWeights)
    {
        var length = posWeights.numel();
        if (length == 1) return;

        // A one-dimensional input is one logit per sample: its last dimension is the batch, so a pos_weights of the
        // batch's length lines up by accident and weights samples by position. Only one element is right there.
        var labels = inputShape.Length >= 2 ? inputShape[^1] : 1;
        if (labels > 1 && length == labels) return;

        var message = labels == 1
            ? SingleLabelMessage(inputShape, posWeights, length)
            : $"pos_weights has {TensorText.Elements(length)}, but the input has shape {TensorText.Shape(inputShape)}: " +
              $"{labels} labels per sample (the last dimension). pos_weights takes one element per label, {labels} here, " +
              "each that label's negatives / positives, or a single element shared by all labels. " +
              $"ClassWeights.PosWeight(targets) computes the {labels} ratios from targets of the input's shape.";
        throw new LossValidationException(RuleIds.PosWeightLength, message, "pos_weights");
    }

    // The forum thread's mistake: class weights [w0, w1] for a yes/no problem, given as pos_weights to one logit per
    // sample. The message explains "label, not class", gives the one number that was meant, and says when k weights
    // would be right.
    private static string SingleLabelMessage(long[] inputShape, Tensor posWeights, long length)
    {
        var shape = TensorText.Shape(inputShape);
        var values = TensorText.SmallValues(posWeights);
        var text = new StringBuilder();
        text.Append($"pos_weights has {TensorText.Elements(length)}");
        if (values is not null) text.Append($", {values}");
        text.Append(inputShape.Length switch
        {
            0 => ", but the input is a single logit (shape []), a single-label binary (yes/no) output.",
            1 => $", but the input has shape {shape}: one logit per sample, a single-label binary (yes/no) output.",
            _ => $", but the input has shape {shape}: one logit per sample (in a column), a single-label binary (yes/no) output.",
        });
        text.Append(" pos_weights holds one weight per label, not one per class, and it is matched against the last " +
                    "dimension of the input");
        text.Append(inputShape.Length == 1 ? ", which here is the batch." : ".");
        if (inputShape.Length == 1 && inputShape[0] == length)
            text.Append($" With {length} samples in the batch the lengths happen to line up, so instead of failing, each " +
                        "sample would be weighted by its position in the batch, whatever its label.");
        text.Append(" A single yes/no output is one label, so pos_weights takes one element: negatives / positives, " +
                    "counted over the training data (ClassWeights.PosWeight(targets) computes it). For class weights " +
                    "[w0, w1] that is w1 / w0");
        if (length == 2)
        {
            var w = TensorText.Values(posWeights);
            var ratio = w[1] / w[0];
            if (w[0] > 0 && w[1] > 0 && double.IsFinite(ratio))
                text.Append($", here {TensorText.Number(w[1])} / {TensorText.Number(w[0])} = {TensorText.Number(ratio)}: " +
                            $"pos_weights: torch.tensor(new float[] {{ {TensorText.FloatLiteral(ratio)} }})");
        }
        text.Append('.');
        var batch = inputShape.Length >= 1 ? inputShape[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : "N";
        var n = Word(length);
        text.Append($" {char.ToUpperInvariant(n[0])}{n[1..]} elements are right only for a {n}-label head: an input of " +
                    $"shape [{batch}, {length}] whose {n} columns are independent yes/no labels, with a target of the same shape.");
        return text.ToString();
    }

    private static string Word(long n) => n switch
    {
        2 => "two",
        3 => "three",
        4 => "four",
        _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
