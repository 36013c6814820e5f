using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS002's fix (a sigmoid before BCEWithLogitsLoss, applied twice, is removed) must repair the loss and keep the
/// rest: after the fix the loss is BCEWithLogits of the model's logits, and the probabilities and accuracy the
/// program reports from the same output stay what they were (up to float32 rounding where the sigmoid moved).
/// </summary>
public sealed class Loss002BehaviourTests
{
    private const string Id = "LOSS002";
    private const int Seed = 2002;
    private static readonly float[] Features = TestData.Features(rows: 8, columns: 4, seed: 41);
    private static readonly float[] Labels = TestData.Labels(rows: 8, seed: 42).Select(l => (float)l).ToArray();

    private static readonly string Program = TestSources.Usings + $$"""
        public static class Program
        {
            public static double[] Run()
            {
                torch.manual_seed({{Seed}});
                var model = Sequential(Linear(4, 1), Sigmoid());
                var criterion = BCEWithLogitsLoss();
                var x = torch.tensor({{TestData.Literal(Features)}}, new long[] { 8, 4 });
                var y = torch.tensor({{TestData.Literal(Labels)}}, new long[] { 8, 1 });
                var output = model.forward(x);
                var loss = criterion.forward(output, y);
                var meanProbability = output.mean().item<float>();
                var accuracy = (output > 0.5).to_type(ScalarType.Float32).eq(y).to_type(ScalarType.Float32).mean().item<float>();
                return new double[] { loss.item<float>(), meanProbability, accuracy };
            }
        }
        """;

    private readonly ITestOutputHelper output;

    public Loss002BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Removing_the_second_sigmoid_gives_the_loss_of_the_logits_and_keeps_the_metrics(FixMode mode)
    {
        var provider = CodeFixProviders.Require(Id);
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, provider, Id, "Program.Run", Program);

        var expected = Reference.BinaryCrossEntropyWithLogits(Seed, 4, Features, Labels, new long[] { 8, 1 });
        output.WriteLine($"BCEWithLogits of the logits: {Numbers.Format(expected)}");
        Assert.True(Math.Abs(before[0] - expected) > 1e-3, $"The original loss {Numbers.Format(before[0])} already is the loss of the logits {Numbers.Format(expected)}: the program shows nothing.");
        Numbers.AssertRelativelyClose(expected, after[0], 1e-6, "fixed loss against BCEWithLogits of the logits");
        // The sigmoid now runs outside the Sequential: equal up to float32 rounding (see MovedActivation).
        Numbers.AssertRelativelyClose(before[1], after[1], Numbers.MovedActivation, "mean probability");
        Numbers.AssertIdentical(before[2], after[2], "accuracy at 0.5");
    }
}
