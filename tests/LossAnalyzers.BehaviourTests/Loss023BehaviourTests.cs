using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS023 on TorchSharp: the Gaussian negative log-likelihood of a trained variance. TorchSharp's
/// <c>gaussian_nll_loss</c> leaves the variance without a gradient and sums over the features; after the fix (PyTorch's
/// element-wise formula) the variance has a gradient and the loss is the mean over every element. Every expected value
/// is computed by hand.
/// </summary>
public sealed class Loss023BehaviourTests
{
    // Two samples of two features: means, targets and a trained variance.
    private static readonly float[] Means = { 0.5f, 1.0f, -0.5f, 2.0f };
    private static readonly float[] Targets = { 0.0f, 1.5f, 0.5f, 2.0f };
    private static readonly float[] Variances = { 0.5f, 1.0f, 2.0f, 0.25f };

    private readonly ITestOutputHelper output;

    public Loss023BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss023_pytorchs_formula_trains_the_variance_and_averages_over_the_features(FixMode mode)
    {
        var program = TestSources.Usings + $$"""
            public static class Program
            {
                public static double[] Run()
                {
                    // The means are trained too, so the loss has a graph even where the variance is cut from it.
                    var means = torch.tensor({{TestData.Literal(Means)}}).view(2, 2).requires_grad_();
                    var targets = torch.tensor({{TestData.Literal(Targets)}}).view(2, 2);
                    var variance = torch.tensor({{TestData.Literal(Variances)}}).view(2, 2).requires_grad_();
                    var loss = functional.gaussian_nll_loss(means, targets, variance);
                    loss.backward();
                    var gradient = variance.grad;
                    var result = new double[6];
                    result[0] = loss.item<float>();
                    if (gradient is not null)
                    {
                        result[1] = 1;
                        var values = gradient.data<float>().ToArray();
                        for (var i = 0; i < values.Length; i++)
                        {
                            result[2 + i] = values[i];
                        }
                    }

                    return result;
                }
            }
            """;
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, CodeFixProviders.Require("LOSS023"), "LOSS023", "Program.Run", program);

        // PyTorch: the mean over every element of 0.5 * (log v + (mean - target)^2 / v); its derivative in v is
        // 0.5 * (1 / v - (mean - target)^2 / v^2) over the element count.
        var elements = Means.Select((m, i) => (Difference: (double)m - Targets[i], Variance: (double)Variances[i])).ToArray();
        var pyTorch = elements.Average(e => 0.5 * (Math.Log(e.Variance) + e.Difference * e.Difference / e.Variance));
        var gradients = elements.Select(e => 0.5 * (1 / e.Variance - e.Difference * e.Difference / (e.Variance * e.Variance)) / elements.Length).ToArray();
        const int Features = 2;
        output.WriteLine($"by hand: PyTorch's loss {Numbers.Format(pyTorch)}, summed over the {Features} features {Numbers.Format(pyTorch * Features)}; variance gradient {string.Join(", ", gradients.Select(Numbers.Format))}");

        Numbers.AssertRelativelyClose(pyTorch * Features, before[0], 1e-5, "TorchSharp's gaussian_nll_loss sums over the features");
        Assert.Equal(0, before[1]);
        Numbers.AssertRelativelyClose(pyTorch, after[0], 1e-5, "PyTorch's formula, after the fix");
        Assert.Equal(1, after[1]);
        for (var i = 0; i < gradients.Length; i++)
        {
            Numbers.AssertRelativelyClose(gradients[i], after[2 + i], 1e-5, $"the variance's gradient at {i}, after the fix");
        }
    }
}
