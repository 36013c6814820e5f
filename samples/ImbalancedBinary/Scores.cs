using static TorchSharp.torch;

namespace ImbalancedBinary;

/// <summary>Recall, precision and F1 of the positive class, predicting "positive" where the logit is above 0 (probability 0.5).</summary>
internal readonly record struct Scores(long TruePositives, long FalsePositives, long FalseNegatives)
{
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);
    public double F1 => Recall + Precision == 0 ? 0 : 2 * Recall * Precision / (Recall + Precision);

    public static Scores Of(Tensor logits, Tensor targets)
    {
        using var predicted = logits > 0;
        using var actual = targets > 0.5;
        return new Scores(
            Count(predicted.logical_and(actual)),
            Count(predicted.logical_and(actual.logical_not())),
            Count(predicted.logical_not().logical_and(actual)));
    }

    // Counted as Int64 by name: sum() of a Bool tensor is Int64, while sum(0) would bind to sum(ScalarType.Byte).
    private static long Count(Tensor mask)
    {
        using (mask)
        using (var n = mask.sum())
            return n.item<long>();
    }

    private static double Ratio(long a, long b) => b == 0 ? 0 : (double)a / b;
}
