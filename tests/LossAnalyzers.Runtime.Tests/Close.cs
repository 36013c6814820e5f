namespace LossAnalyzers.Runtime.Tests;

/// <summary>Comparisons with TorchSharp's results: within 1e-5 relative, 1e-6 absolute near zero; NaN only where NaN.</summary>
internal static class Close
{
    public static void Equal(Tensor expected, Tensor actual, double relative = 1e-5, double absolute = 1e-6)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expected.dtype, actual.dtype);
        var e = Values(expected);
        var a = Values(actual);
        for (var k = 0; k < e.Length; k++)
        {
            var ok = double.IsNaN(e[k]) ? double.IsNaN(a[k]) : Math.Abs(e[k] - a[k]) <= absolute + relative * Math.Abs(e[k]);
            // The message is built only on failure: a million interpolated strings would dominate the test's time.
            if (!ok) Assert.Fail($"element {k} of {e.Length}: expected {e[k]:R}, got {a[k]:R}");
        }
    }

    /// <summary>
    /// Gradients: 1e-5 relative, and 1e-6 of the largest gradient element absolute. A mean gradient is of order
    /// pos_weight / N, so a fixed 1e-6 would pass anything at large N; float32 rounding scales with the same factor.
    /// </summary>
    public static void Gradient(Tensor expected, Tensor actual)
    {
        var scale = Values(expected).Where(v => !double.IsNaN(v)).Select(Math.Abs).DefaultIfEmpty(1).Max();
        Equal(expected, actual, 1e-5, 1e-6 * scale);
    }

    public static double[] Values(Tensor t)
    {
        using var flat = t.detach().cpu().to_type(ScalarType.Float64).contiguous().reshape(-1);
        return flat.data<double>().ToArray();
    }
}
