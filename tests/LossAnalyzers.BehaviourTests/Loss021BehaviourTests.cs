using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS021 on TorchSharp. CTC on the raw scores of a linear head computes a number that can fall below zero; after the
/// fix (log_softmax over the classes) it is the negative log-likelihood of the label sequence. A clamp on the unreduced
/// loss keeps an impossible sample's infinity out of the value but leaves NaN in the gradient; after the fix
/// (<c>zero_infinity: true</c>, no clamp) the gradient is finite. Every expected value is computed by hand, summing over
/// every alignment.
/// </summary>
public sealed class Loss021BehaviourTests
{
    // Four time steps of three classes (blank, 1, 2), one sequence; the target is "1 2".
    private static readonly float[] Scores = { 1.5f, 2.0f, -1.0f, 0.5f, 3.0f, 0.2f, 2.5f, -0.5f, 1.0f, 0.0f, 0.3f, 2.2f };
    private static readonly int[] Target = { 1, 2 };

    private readonly ITestOutputHelper output;

    public Loss021BehaviourTests(ITestOutputHelper output) => this.output = output;

    private static double[][] Rows => Enumerable.Range(0, 4).Select(t => Scores.Skip(t * 3).Take(3).Select(v => (double)v).ToArray()).ToArray();

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss021_log_softmax_over_the_classes_gives_the_negative_log_likelihood(FixMode mode)
    {
        var program = TestSources.Usings + $$"""
            public static class Program
            {
                public static double[] Run()
                {
                    // [T, N, C] = [4, 1, 3] from a linear head; its weights are the identity, so its output is the scores.
                    var head = Linear(3, 3, hasBias: false);
                    using (torch.no_grad())
                    {
                        head.weight!.copy_(torch.eye(3));
                    }

                    var features = torch.tensor({{TestData.Literal(Scores)}}).view(4, 1, 3);
                    var scores = head.forward(features);
                    var targets = torch.tensor(new long[] { 1, 2 }).view(1, 2);
                    var ctc = CTCLoss();
                    var loss = ctc.forward(scores, targets, torch.tensor(new long[] { 4 }), torch.tensor(new long[] { 2 }));
                    return new double[] { loss.item<float>() };
                }
            }
            """;
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, CodeFixProviders.Require("LOSS021"), "LOSS021", "Program.Run", program);

        // The mean reduction divides each sequence's loss by its target length.
        var onScores = ByHand.Ctc(Rows, 4, Target) / Target.Length;
        var onLogProbabilities = ByHand.Ctc(Rows.Select(ByHand.LogSoftmax).ToArray(), 4, Target) / Target.Length;
        output.WriteLine($"by hand: on the scores {Numbers.Format(onScores)}, on log_softmax of them {Numbers.Format(onLogProbabilities)}");
        Assert.True(onScores < 0);
        Numbers.AssertRelativelyClose(onScores, before[0], 1e-4, "CTC on raw scores");
        Numbers.AssertRelativelyClose(onLogProbabilities, after[0], 1e-4, "CTC on log-probabilities, after the fix");
    }

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss021_zero_infinity_instead_of_a_clamp_keeps_the_gradient_finite(FixMode mode)
    {
        var program = TestSources.Usings + $$"""
            public static class Program
            {
                public static double[] Run()
                {
                    // Two sequences; the second has one time step for a two-label target: no alignment, an infinite loss.
                    var scores = torch.tensor({{TestData.Literal(Scores)}}).view(4, 1, 3).repeat(1, 2, 1).requires_grad_();
                    var targets = torch.tensor(new long[] { 1, 2, 1, 2 }).view(2, 2);
                    var perSequence = functional.ctc_loss(scores.log_softmax(2), targets, torch.tensor(new long[] { 4, 1 }), torch.tensor(new long[] { 2, 2 }), reduction: Reduction.None);
                    var loss = perSequence.clamp_max(100).mean();
                    loss.backward();
                    var nanGradients = scores.grad!.isnan().sum().item<long>();
                    return new double[] { loss.item<float>(), nanGradients };
                }
            }
            """;
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, CodeFixProviders.Require("LOSS021"), "LOSS021", "Program.Run", program);

        var first = ByHand.Ctc(Rows.Select(ByHand.LogSoftmax).ToArray(), 4, Target);
        output.WriteLine($"by hand: the possible sequence {Numbers.Format(first)}; clamped mean {Numbers.Format((first + 100) / 2)}, with zero_infinity {Numbers.Format(first / 2)}");
        Numbers.AssertRelativelyClose((first + 100) / 2, before[0], 1e-4, "the clamped mean");
        Assert.True(before[1] > 0, "the clamp leaves NaN in the gradient");
        Numbers.AssertRelativelyClose(first / 2, after[0], 1e-4, "the mean with zero_infinity, after the fix");
        Assert.Equal(0, after[1]);
    }
}
