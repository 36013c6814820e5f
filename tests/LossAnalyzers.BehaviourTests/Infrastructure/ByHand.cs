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
}
