namespace LossAnalyzers.Runtime.KernelTests.Infrastructure;

/// <summary>Element-wise comparison with a relative tolerance and an absolute one for values near zero.</summary>
internal static class Close
{
    /// <summary>float32: 1e-5 relative, 1e-6 absolute near zero (the contract).</summary>
    public static (double Relative, double Absolute) Float32 => (1e-5, 1e-6);

    /// <summary>float64: both implementations are within a few ulps of exact.</summary>
    public static (double Relative, double Absolute) Float64 => (1e-10, 1e-13);

    public static (double Relative, double Absolute) For(ScalarType dtype) => dtype == ScalarType.Float64 ? Float64 : Float32;

    /// <summary>
    /// Within tolerance of <paramref name="exact"/>, and no farther from <paramref name="torch"/> than the tolerance
    /// plus TorchSharp's own distance from <paramref name="exact"/>: TorchSharp's float32 gradient loses up to
    /// ulp(p) to cancellation in <c>p sigmoid(x) - p</c> (about 1e-5 absolute with pos_weight 20 and weight 5),
    /// which the fused kernel's common-denominator form does not.
    /// </summary>
    public static void AssertBoth(double[] exact, double[] torch, double[] actual, (double Relative, double Absolute) tolerance, string what)
    {
        Assert(exact, actual, tolerance, what + " against float64");
        for (int i = 0; i < torch.Length; i++)
        {
            double slack = double.IsNaN(torch[i]) || double.IsNaN(exact[i]) ? 0 : Math.Abs(torch[i] - exact[i]);
            double allowed = tolerance.Absolute + tolerance.Relative * Math.Abs(torch[i]) + slack;
            bool ok = double.IsNaN(torch[i]) ? double.IsNaN(actual[i]) : Math.Abs(actual[i] - torch[i]) <= allowed;
            Xunit.Assert.True(ok, $"{what}[{i}] against TorchSharp float32: {actual[i]:R}, expected {torch[i]:R} (exact {exact[i]:R}, allowed {allowed:E2})");
        }
    }

    public static void Assert(double[] expected, double[] actual, (double Relative, double Absolute) tolerance, string what)
    {
        Xunit.Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i];
            double a = actual[i];
            if (double.IsNaN(e) || double.IsNaN(a))
            {
                Xunit.Assert.True(double.IsNaN(e) && double.IsNaN(a), $"{what}[{i}]: {a}, expected {e}");
                continue;
            }

            double allowed = tolerance.Absolute + tolerance.Relative * Math.Abs(e);
            Xunit.Assert.True(Math.Abs(a - e) <= allowed, $"{what}[{i}]: {a:R}, expected {e:R} (off by {Math.Abs(a - e):E2}, allowed {allowed:E2})");
        }
    }
}
