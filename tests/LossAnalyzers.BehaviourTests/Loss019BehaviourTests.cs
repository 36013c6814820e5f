using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS019 on TorchSharp: a one-output head's <c>[N, 1]</c> predictions against an <c>[N]</c> target. libtorch
/// broadcasts them to <c>[N, N]</c> and compares every prediction with every target, so predictions equal to their
/// targets still cost something; after the fix (<c>.squeeze(-1)</c> on the column) they cost nothing. Every expected
/// value is computed by hand.
/// </summary>
public sealed class Loss019BehaviourTests
{
    private static readonly float[] Targets = { 1f, 2f, 3f, 4f };

    private readonly ITestOutputHelper output;

    public Loss019BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss019_squeezing_the_column_compares_each_prediction_with_its_own_target(FixMode mode)
    {
        // The predictions are the targets themselves, as an [N, 1] column: a perfect model.
        var program = TestSources.Usings + $$"""
            public static class Program
            {
                private static Tensor Predict(Tensor x) => x.view(-1, 1);

                public static double[] Run()
                {
                    var target = torch.tensor({{TestData.Literal(Targets)}});
                    var prediction = Predict(torch.tensor({{TestData.Literal(Targets)}}));
                    var mse = functional.mse_loss(prediction, target);
                    var l1 = L1Loss().forward(prediction, target);
                    return new double[] { mse.item<float>(), l1.item<float>() };
                }
            }
            """;
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, CodeFixProviders.Require("LOSS019"), "LOSS019", "Program.Run", program);

        // Broadcast to [N, N]: the mean over every (prediction, target) pair.
        double AllPairs(Func<double, double> of) => Targets.SelectMany(p => Targets.Select(t => of(p - t))).Average();
        var mse = AllPairs(d => d * d);
        var l1 = AllPairs(Math.Abs);
        output.WriteLine($"by hand, every pair: mse {Numbers.Format(mse)}, l1 {Numbers.Format(l1)}; each with its own target: 0");
        Assert.Equal(2.5, mse, 12);
        Numbers.AssertRelativelyClose(mse, before[0], 1e-6, "mse_loss on [4, 1] against [4]");
        Numbers.AssertRelativelyClose(l1, before[1], 1e-6, "L1Loss on [4, 1] against [4]");
        Assert.Equal(new double[] { 0, 0 }, after);
    }
}
