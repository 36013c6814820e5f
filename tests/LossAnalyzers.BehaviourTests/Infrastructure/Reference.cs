using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>
/// What a fixed program must compute, done here directly on TorchSharp, independent of any fix: the logits of the
/// same seeded model and the loss that takes logits. Test programs seed with <c>torch.manual_seed(seed)</c> and then
/// build one <c>Linear(inputs, outputs)</c> (alone or in a Sequential whose other layers draw no random numbers).
/// </summary>
internal static class Reference
{
    public static double BinaryCrossEntropyWithLogits(int seed, int inputs, float[] features, float[] targets, long[] targetShape)
    {
        using var scope = NewDisposeScope();
        var logits = Logits(seed, inputs, 1, features);
        return functional.binary_cross_entropy_with_logits(logits.reshape(targetShape), tensor(targets, targetShape)).item<float>();
    }

    /// <summary>Unreduced: one binary cross-entropy per row of a one-output model.</summary>
    public static double[] BinaryCrossEntropyWithLogitsPerElement(int seed, int inputs, float[] features, float[] targets)
    {
        using var scope = NewDisposeScope();
        var logits = Logits(seed, inputs, 1, features).squeeze(-1);
        var losses = functional.binary_cross_entropy_with_logits(logits, tensor(targets), reduction: Reduction.None);
        return losses.data<float>().Select(l => (double)l).ToArray();
    }

    /// <summary>The one-logit form of a two-column [p, 1 - p] model: class 1 is 1 - p, so its logit is -z.</summary>
    public static double BinaryCrossEntropyWithNegatedLogit(int seed, int inputs, float[] features, long[] labels, float posWeight)
    {
        using var scope = NewDisposeScope();
        var logits = Logits(seed, inputs, 1, features).squeeze(-1).neg();
        var targets = tensor(labels).to_type(ScalarType.Float32);
        return functional.binary_cross_entropy_with_logits(logits, targets, pos_weights: tensor(new[] { posWeight })).item<float>();
    }

    public static double CrossEntropy(int seed, int inputs, int classes, float[] features, long[] targets)
    {
        using var scope = NewDisposeScope();
        return functional.cross_entropy(Logits(seed, inputs, classes, features), tensor(targets)).item<float>();
    }

    /// <summary>
    /// Binary cross-entropy with logits of a model with <paramref name="outputs"/> outputs (its logits reshaped to
    /// <paramref name="targetShape"/>) against float targets, mean-reduced.
    /// </summary>
    public static double BinaryCrossEntropyWithLogits(int seed, int inputs, int outputs, float[] features, float[] targets, long[] targetShape)
    {
        using var scope = NewDisposeScope();
        var logits = Logits(seed, inputs, outputs, features);
        return functional.binary_cross_entropy_with_logits(logits.reshape(targetShape), tensor(targets, targetShape)).item<float>();
    }

    /// <summary>The logits of the seeded model, row-major ([rows, outputs] flattened).</summary>
    public static float[] LogitValues(int seed, int inputs, int outputs, float[] features)
    {
        using var scope = NewDisposeScope();
        return Logits(seed, inputs, outputs, features).data<float>().ToArray();
    }

    private static Tensor Logits(int seed, int inputs, int outputs, float[] features)
    {
        manual_seed(seed);
        var model = Linear(inputs, outputs);
        return model.forward(tensor(features, new long[] { features.Length / inputs, inputs }));
    }
}
