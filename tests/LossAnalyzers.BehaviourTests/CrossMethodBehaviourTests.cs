using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// Fixes whose evidence and edit cross a method: run on TorchSharp-cpu before and after. LOSS001 with the sigmoid in a
/// helper that both the loss and an accuracy metric call; LOSS006 in the forum's own <c>get_loss(pred, label)</c>
/// helper, called with single columns of a two-output head.
/// </summary>
public sealed class CrossMethodBehaviourTests
{
    private const int Rows = 16;
    private static readonly float[] Features = TestData.Features(Rows, columns: 4, seed: 121);
    private static readonly long[] Labels = TestData.Labels(Rows, seed: 122);
    private static readonly long[] OtherLabels = TestData.Labels(Rows, seed: 123);

    private readonly ITestOutputHelper output;

    public CrossMethodBehaviourTests(ITestOutputHelper output) => this.output = output;

    private static string Data => $$"""
        private static Tensor Features() => torch.tensor({{TestData.Literal(Features)}}, new long[] { {{Rows}}, 4 });
        private static Tensor Targets() => torch.tensor({{TestData.Literal(Labels.Select(l => (float)l))}}, new long[] { {{Rows}}, 1 });
        """;

    /// <summary>The loss and the accuracy both call Predict; after the fix the loss takes its logits and the accuracy gets the sigmoid back.</summary>
    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss001_sigmoid_in_a_shared_helper_keeps_loss_and_accuracy(FixMode mode)
    {
        var program = TestSources.Usings + $$"""
            public static class Program
            {
                {{Data}}

                private static Tensor Predict(Module<Tensor, Tensor> model, Tensor x) => torch.sigmoid(model.forward(x));

                private static Tensor Accuracy(Module<Tensor, Tensor> model, Tensor x, Tensor y) =>
                    (Predict(model, x) > 0.5).to_type(ScalarType.Float32).eq(y).to_type(ScalarType.Float32).mean();

                public static double[] Run()
                {
                    torch.manual_seed(3001);
                    var model = Linear(4, 1);
                    var criterion = BCELoss();
                    var x = Features();
                    var y = Targets();
                    var loss = criterion.forward(Predict(model, x), y);
                    return new double[] { loss.item<float>(), Predict(model, x).mean().item<float>(), Accuracy(model, x, y).item<float>() };
                }
            }
            """;
        var (before, after, @fixed) = await BeforeAndAfter.RunAsync(output, mode, CodeFixProviders.Require("LOSS001"), "LOSS001", "Program.Run", program);
        Assert.Contains("BCEWithLogitsLoss", @fixed.Single, StringComparison.Ordinal);
        Numbers.AssertRelativelyClose(before[0], after[0], 1e-6, "loss");
        Numbers.AssertRelativelyClose(before[1], after[1], Numbers.MovedActivation, "mean probability");
        Numbers.AssertIdentical(before[2], after[2], "accuracy at 0.5");
    }

    /// <summary>
    /// The forum's helper builds the criterion from two class weights and is called with each column of a two-output head:
    /// the original throws (two pos_weights against 16 values); after the fix each call is the binary cross-entropy with
    /// pos_weight w1 / w0, computed here by hand.
    /// </summary>
    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss006_in_the_forum_get_loss_helper_gives_the_weighted_binary_cross_entropy_per_column(FixMode mode)
    {
        const int seed = 3006;
        var program = TestSources.Usings + $$"""
            public static class Program
            {
                private static Tensor Features() => torch.tensor({{TestData.Literal(Features)}}, new long[] { {{Rows}}, 4 });
                private static Tensor Labels1() => torch.tensor({{TestData.Literal(Labels.Select(l => (float)l))}});
                private static Tensor Labels2() => torch.tensor({{TestData.Literal(OtherLabels.Select(l => (float)l))}});

                private static Tensor GetLoss(Tensor pred, Tensor label)
                {
                    var criterion = BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 2f, 6f }));
                    return criterion.forward(pred, label);
                }

                public static double[] Run()
                {
                    torch.manual_seed({{seed}});
                    var model = Linear(4, 2);
                    var infer = model.forward(Features());
                    return new double[] { GetLoss(infer[.., 0], Labels1()).item<float>(), GetLoss(infer[.., 1], Labels2()).item<float>() };
                }
            }
            """;

        var thrown = Record.Exception(() => TorchProgram.Compile(program).Run<double[]>("Program.Run"));
        Assert.True(thrown is not null, "The original ran with two pos_weights on single columns.");
        output.WriteLine($"original: {thrown.GetType().Name}: {thrown.Message.Split('\n')[0]}");

        var @fixed = await mode.ApplyAsync(CodeFixProviders.Require("LOSS006"), "LOSS006", program);
        output.WriteLine(@fixed.ToString());
        var losses = TorchProgram.Compile(@fixed.Sources).Run<double[]>("Program.Run");

        var logits = Reference.LogitValues(seed, 4, 2, Features);
        for (var column = 0; column < 2; column++)
        {
            var labels = column == 0 ? Labels : OtherLabels;
            var expected = Enumerable.Range(0, Rows).Average(i => ByHand.BinaryCrossEntropyWithLogits(logits[i * 2 + column], labels[i], 6.0 / 2.0));
            Numbers.AssertRelativelyClose(expected, losses[column], 1e-6, $"column {column} against BCE with pos_weight 3 by hand");
        }
    }
}
