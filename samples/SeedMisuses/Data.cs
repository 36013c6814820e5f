using TorchSharp;
using static TorchSharp.torch;

namespace SeedMisuses;

/// <summary>Small random batches for the mistakes to run on.</summary>
internal static class Data
{
    /// <summary>A batch of <paramref name="rows"/> feature vectors of length <paramref name="features"/>.</summary>
    public static Tensor Features(long rows, long features = 8) => randn(rows, features);

    /// <summary>Float 0/1 labels, 1 with probability <paramref name="positiveRate"/>.</summary>
    public static Tensor BinaryTargets(params long[] shape) => BinaryTargets(0.3, shape);

    public static Tensor BinaryTargets(double positiveRate, params long[] shape) =>
        (rand(shape) < positiveRate).to_type(ScalarType.Float32);

    /// <summary>Integer class indices in [0, classes).</summary>
    public static Tensor ClassIndices(long rows, long classes) => randint(0, classes, new long[] { rows });

    /// <summary>Per-row class shares (each row sums to 1), as annotators' votes would give them.</summary>
    public static Tensor LabelDistribution(long rows, long classes)
    {
        var votes = randint(1, 10, new long[] { rows, classes }).to_type(ScalarType.Float32);
        return votes / votes.sum(1, keepdim: true);
    }

    public static string Format(Tensor scalar) => scalar.item<float>().ToString("0.####");
}
