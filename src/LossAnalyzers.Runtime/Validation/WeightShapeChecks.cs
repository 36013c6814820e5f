using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// The BCE weight against the input (LOSS007): it rescales each element's loss, so it must broadcast to the input's
/// shape without growing it (libtorch multiplies in place and stops otherwise).
/// </summary>
internal static class WeightShapeChecks
{
    public static void CheckBroadcast(long[] inputShape, Tensor weight)
    {
        var weightShape = Shapes.Of(weight);
        if (Broadcasts(weightShape, inputShape)) return;

        var i = TensorText.Shape(inputShape);
        var w = TensorText.Shape(weightShape);
        var singleLabel = inputShape.Length <= 1 || (inputShape.Length == 2 && inputShape[1] == 1);
        string message;
        if (singleLabel && weightShape.Length == 1 && weightShape[0] >= 2)
        {
            // The per-class vector of LOSS007: [w0, w1] meant as "negatives count w0, positives count w1".
            var values = TensorText.SmallValues(weight);
            message = $"weight has {TensorText.Elements(weightShape[0])}{(values is null ? "" : ", " + values)}, but the input " +
                      $"has shape {i}: one logit per sample, a single-label binary (yes/no) output. weight rescales the loss " +
                      "of each element (it is broadcast against the input from the last dimension); it does not weight " +
                      "classes, so a weight [w0, w1] cannot mean \"negatives count w0, positives count w1\". Put the class " +
                      "balance in pos_weights instead, as one element, w1 / w0";
            if (weightShape[0] == 2)
            {
                var v = TensorText.Values(weight);
                var ratio = v[1] / v[0];
                if (v[0] > 0 && v[1] > 0 && double.IsFinite(ratio))
                    message += $", here {TensorText.Number(v[1])} / {TensorText.Number(v[0])} = {TensorText.Number(ratio)}: " +
                               $"pos_weights: torch.tensor(new float[] {{ {TensorText.FloatLiteral(ratio)} }})";
            }
            message += $", and leave weight out. A weight per sample has the input's shape, {i}.";
        }
        else
        {
            message = $"weight has shape {w}, which does not broadcast to the input's shape {i}. weight rescales the loss " +
                      "of each element: matched from the last dimension, each of its dimensions must be 1 or equal the " +
                      "input's, and it cannot have more dimensions than the input.";
            if (inputShape.Length >= 2)
            {
                message += $" Use shape [{inputShape[^1]}] for one weight per label column, [{inputShape[0]}, 1] for one " +
                           $"weight per sample, or {i} for one weight per element.";
                if (weightShape.Length == 1 && weightShape[0] == inputShape[0])
                    message += $" This one looks like a weight per sample: use weight.unsqueeze(-1), shape [{inputShape[0]}, 1].";
            }
            else
            {
                message += $" Use a single element, or shape {i} for one weight per sample.";
            }
        }
        throw new LossValidationException(RuleIds.WeightShape, message, "weight");
    }

    /// <summary>Whether <paramref name="from"/> broadcasts to <paramref name="to"/> leaving it unchanged.</summary>
    private static bool Broadcasts(long[] from, long[] to)
    {
        if (from.Length > to.Length) return false;
        for (var k = 1; k <= from.Length; k++)
        {
            var f = from[^k];
            if (f != 1 && f != to[^k]) return false;
        }
        return true;
    }
}
