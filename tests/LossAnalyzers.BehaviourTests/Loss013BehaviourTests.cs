using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS013's fix must turn the wrong number into the intended one: <c>ones(300, 2).sum(0)</c> is one Byte, 88 (600 mod
/// 256), and <c>labels.sum(0)</c> one Byte; after the fix <c>sum(dim: 0)</c> gives the per-column counts.
/// </summary>
public sealed class Loss013BehaviourTests
{
    private const string Id = "LOSS013";

    /// <summary>For each of the two results: its dtype code, element count, first and last value.</summary>
    private static readonly string Program = TestSources.Usings + """
        public static class Program
        {
            public static double[] Run()
            {
                var allOnes = torch.ones(300, 2);
                var totals = allOnes.sum(0);
                var labels = torch.tensor(new float[] { 1, 0, 1, 1, 0, 0, 1, 0 }, new long[] { 4, 2 });
                var counts = labels.sum(0);
                var t = totals.to_type(ScalarType.Float64).flatten();
                var c = counts.to_type(ScalarType.Float64).flatten();
                return new double[]
                {
                    (int)totals.dtype, totals.numel(), t[0].item<double>(), t[-1].item<double>(),
                    (int)counts.dtype, counts.numel(), c[0].item<double>(), c[-1].item<double>(),
                };
            }
        }
        """;

    private readonly ITestOutputHelper output;

    public Loss013BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Naming_the_dimension_gives_the_per_column_sums_instead_of_one_byte(FixMode mode)
    {
        var provider = CodeFixProviders.Require(Id);
        var (before, after, @fixed) = await BeforeAndAfter.RunAsync(output, mode, provider, Id, "Program.Run", Program);
        Assert.Equal(2, @fixed.DiagnosticsBefore);
        Assert.Contains("allOnes.sum(dim: 0)", @fixed.Single, StringComparison.Ordinal);
        Assert.Contains("labels.sum(dim: 0)", @fixed.Single, StringComparison.Ordinal);

        const int Byte = (int)TorchSharp.torch.ScalarType.Byte;
        const int Float32 = (int)TorchSharp.torch.ScalarType.Float32;

        // Before: two scalars of dtype Byte (ScalarType 0); 600 wraps to 88, the 4 ones of the labels give 4.
        Assert.Equal(new double[] { Byte, 1, 88, 88, Byte, 1, 4, 4 }, before);

        // After: [300, 300] and the per-label counts [3, 1], in Float32.
        Assert.Equal(new double[] { Float32, 2, 300, 300, Float32, 2, 3, 1 }, after);
    }
}
