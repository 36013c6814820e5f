using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS022 on TorchSharp: the first action (the one dotnet format takes) writes PyTorch's default out. A hinge embedding loss left to
/// <c>functional.hinge_embedding_loss</c>'s margin of 0 gives dissimilar pairs no loss at all (and so no gradient to push
/// them apart); with PyTorch's margin of 1 they count. A Gaussian negative log-likelihood with a variance the model drove
/// to 0 is clamped at TorchSharp's eps of 1e-8 instead of PyTorch's 1e-6: a hundred times the loss. Every expected
/// value is computed by hand.
/// </summary>
public sealed class TorchSharpDefaultBehaviourTests
{
    // Distances of two similar pairs (target 1) and two dissimilar pairs (target -1).
    private static readonly float[] Distances = { 0f, 0f, 0.3f, 0.4f };
    private static readonly float[] Similar = { 1f, 1f, -1f, -1f };

    private readonly ITestOutputHelper output;

    public TorchSharpDefaultBehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss022_PyTorchs_margin_makes_dissimilar_pairs_count(FixMode mode)
    {
        var program = TestSources.Usings + $$"""
            public static class Program
            {
                public static double[] Run()
                {
                    var distances = torch.tensor({{TestData.Literal(Distances)}});
                    var similar = torch.tensor({{TestData.Literal(Similar)}});
                    var loss = functional.hinge_embedding_loss(distances, similar);
                    return new double[] { loss.item<float>() };
                }
            }
            """;
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, new OneAction(CodeFixProviders.Require("LOSS022"), index: 0), "LOSS022", "Program.Run", program);

        // x for a similar pair, max(0, margin - x) for a dissimilar one; the mean over the pairs.
        double Hinge(double margin) => Distances.Select((x, i) => Similar[i] > 0 ? x : Math.Max(0, margin - x)).Average();
        output.WriteLine($"by hand: margin 0 gives {Numbers.Format(Hinge(0))}, margin 1 gives {Numbers.Format(Hinge(1))}");
        Assert.Equal(0, Hinge(0));
        Assert.Equal(0, before[0]);
        Numbers.AssertRelativelyClose(Hinge(1), after[0], 1e-5, "PyTorch's margin, after the fix");
    }

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss022_PyTorchs_eps_bounds_the_loss_of_a_collapsed_variance(FixMode mode)
    {
        var program = TestSources.Usings + """
            public static class Program
            {
                public static double[] Run()
                {
                    var mean = torch.tensor(new float[] { 0.51f, 1.02f });
                    var target = torch.tensor(new float[] { 0.5f, 1f });
                    var variance = torch.zeros(2);
                    using var gaussian = GaussianNLLLoss();
                    var loss = gaussian.forward(mean, target, variance);
                    return new double[] { loss.item<float>() };
                }
            }
            """;
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, new OneAction(CodeFixProviders.Require("LOSS022"), index: 0), "LOSS022", "Program.Run", program);

        // 0.5 (log v + (mean - target)^2 / v) with v = max(variance, eps), averaged over the elements.
        static double Gaussian(double eps) => new[] { (0.51f, 0.5f), (1.02f, 1f) }.Average(p => 0.5 * (Math.Log(eps) + Math.Pow((double)p.Item1 - p.Item2, 2) / eps));
        output.WriteLine($"by hand: eps 1e-8 gives {Numbers.Format(Gaussian(1e-8))}, eps 1e-6 gives {Numbers.Format(Gaussian(1e-6))}");
        Numbers.AssertRelativelyClose(Gaussian((float)1e-8), before[0], 1e-3, "TorchSharp's default eps");
        Numbers.AssertRelativelyClose(Gaussian((float)1e-6), after[0], 1e-3, "PyTorch's eps, after the fix");
    }
}
