namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>
/// Losses computed here in double from logits the test already has, with no TorchSharp call: what a weighted binary
/// cross-entropy is by its definition, to check a fixed program's pos_weights against.
/// </summary>
internal static class ByHand
{
    /// <summary>log(1 + e^x), without overflow.</summary>
    public static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    /// <summary>
    /// Binary cross-entropy of logit <paramref name="z"/> against target <paramref name="y"/>, the positive term scaled
    /// by <paramref name="posWeight"/>: -(p y log σ(z) + (1 - y) log(1 - σ(z))) = p y softplus(-z) + (1 - y) softplus(z).
    /// </summary>
    public static double BinaryCrossEntropyWithLogits(double z, double y, double posWeight = 1) =>
        posWeight * y * Softplus(-z) + (1 - y) * Softplus(z);

    /// <summary>The per-element losses, each times the class weight of its 0/1 target, averaged.</summary>
    public static double ClassWeightedMean(IReadOnlyList<float> logits, IReadOnlyList<long> labels, double w0, double w1) =>
        Enumerable.Range(0, labels.Count).Average(i => BinaryCrossEntropyWithLogits(logits[i], labels[i]) * (labels[i] == 1 ? w1 : w0));

    /// <summary>
    /// CTC by its definition: -log of the sum, over every path of <paramref name="steps"/> classes that collapses to
    /// <paramref name="target"/> (repeats merged, then blanks dropped), of e to the sum of the path's inputs. The inputs are
    /// taken as they are, the way the loss takes them (log-probabilities when the caller made them so).
    /// </summary>
    public static double Ctc(double[][] inputs, int steps, IReadOnlyList<int> target, int blank = 0)
    {
        var classes = inputs[0].Length;
        var total = 0.0;
        var path = new int[steps];
        for (var code = 0; code < Math.Pow(classes, steps); code++)
        {
            var rest = code;
            for (var t = 0; t < steps; t++)
            {
                path[t] = rest % classes;
                rest /= classes;
            }

            var collapsed = path.Where((c, t) => c != blank && (t == 0 || path[t - 1] != c)).ToArray();
            if (collapsed.SequenceEqual(target))
            {
                total += Math.Exp(Enumerable.Range(0, steps).Sum(t => inputs[t][path[t]]));
            }
        }

        return -Math.Log(total);
    }

    /// <summary>log_softmax of one row.</summary>
    public static double[] LogSoftmax(IReadOnlyList<double> row)
    {
        var max = row.Max();
        var log = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
        return row.Select(v => v - log).ToArray();
    }
}
