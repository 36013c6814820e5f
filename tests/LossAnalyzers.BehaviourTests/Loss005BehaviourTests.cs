using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS005's fix (softmax probabilities into NLLLoss: softmax becomes log_softmax) must repair the loss and keep the
/// rest: after the fix NLLLoss gets log-probabilities, so the loss is the cross-entropy of the model's logits; the
/// accuracy the program reports stays exactly what it was, and its confidence (now read through exp of the
/// log-probabilities) what it was up to float rounding.
/// </summary>
public sealed class Loss005BehaviourTests
{
    private const string Id = "LOSS005";
    private const int Seed = 2005;
    private static readonly float[] Features = TestData.Features(rows: 9, columns: 4, seed: 61);
    private static readonly long[] Classes = TestData.Classes(rows: 9, classes: 3, seed: 62);

    private static readonly string Program = TestSources.Usings + $$"""
        public static class Program
        {
            public static double[] Run()
            {
                torch.manual_seed({{Seed}});
                var model = Sequential(Linear(4, 3));
                var criterion = NLLLoss();
                var x = torch.tensor({{TestData.Literal(Features)}}, new long[] { 9, 4 });
                var y = torch.tensor({{TestData.Literal(Classes)}});
                var probabilities = functional.softmax(model.forward(x), 1);
                var loss = criterion.forward(probabilities, y);
                var accuracy = probabilities.argmax(1).eq(y).to_type(ScalarType.Float32).mean().item<float>();
                var confidence = probabilities.max(1).values.mean().item<float>();
                return new double[] { loss.item<float>(), accuracy, confidence };
            }
        }
        """;

    private readonly ITestOutputHelper output;

    public Loss005BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Log_softmax_gives_the_cross_entropy_of_the_logits_and_keeps_the_metrics(FixMode mode)
    {
        var provider = CodeFixProviders.Require(Id);
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, provider, Id, "Program.Run", Program);

        var expected = Reference.CrossEntropy(Seed, 4, 3, Features, Classes);
        output.WriteLine($"cross-entropy of the logits: {Numbers.Format(expected)}");
        Assert.True(Math.Abs(before[0] - expected) > 1e-3, $"The original loss {Numbers.Format(before[0])} already is the cross-entropy of the logits {Numbers.Format(expected)}: the program shows nothing.");
        Numbers.AssertRelativelyClose(expected, after[0], 1e-6, "fixed loss against cross_entropy of the logits");
        Numbers.AssertIdentical(before[1], after[1], "accuracy (argmax)");
        // Other uses now see exp(log_softmax(z)) where they saw softmax(z): the same value up to float rounding.
        Numbers.AssertRelativelyClose(before[2], after[2], 1e-6, "confidence (mean largest probability)");
    }
}
