using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS004's fix (softmax probabilities into CrossEntropyLoss: pass the logits) must repair the loss and keep the
/// rest: after the fix the loss is the cross-entropy of the model's logits, and the accuracy and confidence the
/// program reports from the same output stay what they were (up to float32 rounding where the softmax moved).
/// </summary>
public sealed class Loss004BehaviourTests
{
    private const string Id = "LOSS004";
    private const int Seed = 2004;
    private static readonly float[] Features = TestData.Features(rows: 9, columns: 4, seed: 51);
    private static readonly long[] Classes = TestData.Classes(rows: 9, classes: 3, seed: 52);

    private static readonly string Program = TestSources.Usings + $$"""
        public static class Program
        {
            public static double[] Run()
            {
                torch.manual_seed({{Seed}});
                var model = Sequential(Linear(4, 3), Softmax(1));
                var criterion = CrossEntropyLoss();
                var x = torch.tensor({{TestData.Literal(Features)}}, new long[] { 9, 4 });
                var y = torch.tensor({{TestData.Literal(Classes)}});
                var probabilities = model.forward(x);
                var loss = criterion.forward(probabilities, y);
                var accuracy = probabilities.argmax(1).eq(y).to_type(ScalarType.Float32).mean().item<float>();
                var confidence = probabilities.max(1).values.mean().item<float>();
                return new double[] { loss.item<float>(), accuracy, confidence };
            }
        }
        """;

    private readonly ITestOutputHelper output;

    public Loss004BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Passing_the_logits_gives_their_cross_entropy_and_keeps_the_metrics(FixMode mode)
    {
        var provider = CodeFixProviders.Require(Id);
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, provider, Id, "Program.Run", Program);

        var expected = Reference.CrossEntropy(Seed, 4, 3, Features, Classes);
        output.WriteLine($"cross-entropy of the logits: {Numbers.Format(expected)}");
        Assert.True(Math.Abs(before[0] - expected) > 1e-3, $"The original loss {Numbers.Format(before[0])} already is the cross-entropy of the logits {Numbers.Format(expected)}: the program shows nothing.");
        Numbers.AssertRelativelyClose(expected, after[0], 1e-6, "fixed loss against cross_entropy of the logits");
        Numbers.AssertIdentical(before[1], after[1], "accuracy (argmax)");
        // The softmax now runs outside the model: equal up to float32 rounding (see MovedActivation).
        Numbers.AssertRelativelyClose(before[2], after[2], Numbers.MovedActivation, "confidence (mean largest probability)");
    }

    private static readonly long[] Labels = TestData.Labels(rows: 9, seed: 53);

    private static readonly string TwoColumnProgram = TestSources.Usings + $$"""
        public static class Program
        {
            public static double[] Run()
            {
                torch.manual_seed({{Seed}});
                var model = Sequential(Linear(4, 1), Sigmoid());
                var criterion = CrossEntropyLoss(weight: torch.tensor(new float[] { 1f, 5f }));
                var x = torch.tensor({{TestData.Literal(Features)}}, new long[] { 9, 4 });
                var y = torch.tensor({{TestData.Literal(Labels)}});
                var outputs = model.forward(x);
                var class1 = 1 - outputs;
                var flagged = (class1 > 0.5).sum().item<long>();
                outputs = torch.cat(new[] { outputs, class1 }, 1);
                var loss = criterion.forward(outputs, y);
                return new double[] { loss.item<float>(), flagged };
            }
        }
        """;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task One_logit_for_a_hand_built_two_columns_gives_the_weighted_binary_loss_and_keeps_the_metric(FixMode mode)
    {
        var provider = CodeFixProviders.Require(Id);
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, provider, Id, "Program.Run", TwoColumnProgram);

        // Column 1 was 1 - p: the fixed loss is BCE on the logit -z of class 1, with pos_weights 5 / 1.
        var expected = Reference.BinaryCrossEntropyWithNegatedLogit(Seed, 4, Features, Labels, posWeight: 5f);
        output.WriteLine($"binary cross-entropy of the class-1 logit: {Numbers.Format(expected)}");
        Numbers.AssertRelativelyClose(expected, after[0], 1e-6, "fixed loss against BCE with logits of -z, pos_weights 5");
        Numbers.AssertIdentical(before[1], after[1], "samples flagged from the 1 - p column");
    }
}
