using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS004's fix (softmax probabilities into CrossEntropyLoss: pass the logits) must repair the loss and keep the
/// rest: after the fix the loss is the cross-entropy of the model's logits, and the accuracy and confidence the
/// program reports from the same output stay exactly what they were.
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
        Numbers.AssertIdentical(before[2], after[2], "confidence (mean largest probability)");
    }
}
