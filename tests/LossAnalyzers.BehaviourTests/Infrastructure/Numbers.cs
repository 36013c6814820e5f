using System.Globalization;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>Assertions on the numbers programs return, with messages that show both sides in full.</summary>
internal static class Numbers
{
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Format(IEnumerable<double> values) => "[" + string.Join(", ", values.Select(Format)) + "]";

    /// <summary>|actual - expected| &lt;= relative * |expected| (and both finite).</summary>
    public static void AssertRelativelyClose(double expected, double actual, double relative, string what)
    {
        Assert.True(double.IsFinite(expected) && double.IsFinite(actual), $"{what}: expected {Format(expected)}, got {Format(actual)} (not finite).");
        var difference = Math.Abs(actual - expected);
        Assert.True(
            difference <= relative * Math.Abs(expected),
            $"{what}: expected {Format(expected)}, got {Format(actual)}; relative difference {Format(difference / Math.Abs(expected))} is above {Format(relative)}.");
    }

    public static void AssertRelativelyClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: expected {expected.Count} values {Format(expected)}, got {actual.Count} {Format(actual)}.");
        for (var i = 0; i < expected.Count; i++)
        {
            AssertRelativelyClose(expected[i], actual[i], relative, $"{what} [{i}] (expected {Format(expected)}, got {Format(actual)})");
        }
    }

    /// <summary>
    /// Relative tolerance for a value computed through an activation that a fix moved (a sigmoid or softmax taken out
    /// of <c>forward</c> and applied to its output instead). libtorch does not promise bit-identical results for the same
    /// activation at another place in the graph (vector paths, alignment and threads differ), so such values agree to
    /// float32 rounding only. A wrong fix (a sigmoid left out or applied twice) moves them by far more than this.
    /// </summary>
    public const double MovedActivation = 1e-6;

    /// <summary>Bit for bit the same value.</summary>
    public static void AssertIdentical(double expected, double actual, string what) =>
        Assert.True(expected.Equals(actual), $"{what}: expected exactly {Format(expected)}, got {Format(actual)}.");
}
