using LossAnalyzers.BehaviourTests.Infrastructure;
using LossAnalyzers.CodeFixes;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS001's fix (BCELoss on sigmoid probabilities becomes BCEWithLogitsLoss on the logits, the sigmoid goes, other
/// uses of the output are wrapped in torch.sigmoid) must not change what the program computes: the same seeded
/// model on the same data gives the same loss (within float rounding: the logits form computes the same value by a
/// more stable formula), the same probabilities up to float32 rounding, and exactly the same accuracy.
/// </summary>
public sealed class Loss001BehaviourTests
{
    private const string Id = "LOSS001";

    /// <summary>Relative tolerance of the loss: BCE(sigmoid(z)) and BCEWithLogits(z) differ only in float32 rounding.</summary>
    private const double LossTolerance = 1e-6;

    private static readonly string Features = TestData.Literal(TestData.Features(rows: 8, columns: 4, seed: 11));
    private static readonly string Labels = TestData.Literal(TestData.Labels(rows: 8, seed: 12).Select(l => (float)l));

    private readonly ITestOutputHelper output;

    public Loss001BehaviourTests(ITestOutputHelper output) => this.output = output;

    /// <summary>The fixed inputs and 0/1 targets, as two statements for a method body.</summary>
    private static string Data =>
        $"var x = torch.tensor({Features}, new long[] {{ 8, 4 }});\n        var y = torch.tensor({Labels}, new long[] {{ 8, 1 }});";

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public Task Trailing_Sigmoid_of_a_Sequential_keeps_loss_and_metrics(FixMode mode) => AssertSameNumbersAsync(mode, TestSources.Usings + $$"""
        public static class Program
        {
            public static double[] Run()
            {
                torch.manual_seed(1234);
                var model = Sequential(Linear(4, 1), Sigmoid());
                var criterion = BCELoss();
                {{Data}}
                var output = model.forward(x);
                var loss = criterion.forward(output, y);
                var meanProbability = output.mean().item<float>();
                var accuracy = (output > 0.5).to_type(ScalarType.Float32).eq(y).to_type(ScalarType.Float32).mean().item<float>();
                return new double[] { loss.item<float>(), meanProbability, accuracy };
            }
        }
        """);

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public Task Sigmoid_inline_in_the_loss_call_keeps_loss_and_metrics(FixMode mode) => AssertSameNumbersAsync(mode, TestSources.Usings + $$"""
        public static class Program
        {
            public static double[] Run()
            {
                torch.manual_seed(1234);
                var model = Sequential(("hidden", Linear(4, 3)), ("relu", ReLU()), ("head", Linear(3, 1)));
                var criterion = BCELoss(reduction: Reduction.Sum);
                {{Data}}
                var logits = model.forward(x);
                var loss = criterion.forward(logits.sigmoid(), y);
                var probabilities = torch.sigmoid(logits);
                var meanProbability = probabilities.mean().item<float>();
                var accuracy = (probabilities > 0.5).to_type(ScalarType.Float32).eq(y).to_type(ScalarType.Float32).mean().item<float>();
                return new double[] { loss.item<float>(), meanProbability, accuracy };
            }
        }
        """);

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public Task Sigmoid_applied_to_a_local_that_metrics_also_use_keeps_loss_and_metrics(FixMode mode) => AssertSameNumbersAsync(mode, TestSources.Usings + $$"""
        public static class Program
        {
            public static double[] Run()
            {
                torch.manual_seed(1234);
                var model = Linear(4, 1);
                var criterion = nn.BCELoss();
                {{Data}}
                var probabilities = torch.sigmoid(model.forward(x));
                var loss = criterion.forward(probabilities, y);
                var meanProbability = probabilities.mean().item<float>();
                var accuracy = (probabilities > 0.5).to_type(ScalarType.Float32).eq(y).to_type(ScalarType.Float32).mean().item<float>();
                return new double[] { loss.item<float>(), meanProbability, accuracy };
            }
        }
        """);

    /// <summary>
    /// A user module whose forward returns torch.sigmoid(...), in its own file, trained for a few SGD steps: every
    /// step's loss, and the probabilities and accuracy after training, stay the same.
    /// </summary>
    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public Task Module_whose_forward_returns_sigmoid_keeps_training_losses_and_metrics(FixMode mode) => AssertSameNumbersAsync(
        mode,
        TestSources.Usings + """
        public sealed class Scorer : Module<Tensor, Tensor>
        {
            private readonly Linear hidden = Linear(4, 6);
            private readonly Linear head = Linear(6, 1);

            public Scorer() : base(nameof(Scorer)) { RegisterComponents(); }

            public override Tensor forward(Tensor input)
            {
                var h = functional.tanh(hidden.forward(input));
                return torch.sigmoid(head.forward(h));
            }
        }
        """,
        TestSources.Usings + $$"""
        public static class Program
        {
            private const int Steps = 5;

            public static double[] Run()
            {
                torch.manual_seed(1234);
                var model = new Scorer();
                var criterion = BCELoss();
                var optimizer = torch.optim.SGD(model.parameters(), 0.5);
                {{Data}}
                var results = new double[Steps + 2];
                for (var step = 0; step < Steps; step++)
                {
                    optimizer.zero_grad();
                    var loss = criterion.forward(model.call(x), y);
                    loss.backward();
                    optimizer.step();
                    results[step] = loss.item<float>();
                }

                var output = model.call(x);
                results[Steps] = output.mean().item<float>();
                results[Steps + 1] = (output > 0.5).to_type(ScalarType.Float32).eq(y).to_type(ScalarType.Float32).mean().item<float>();
                return results;
            }
        }
        """);

    /// <summary>
    /// Runs the program, fixes it, runs the fixed program. Run returns losses first and the two metrics (mean
    /// probability, accuracy) last: losses agree within <see cref="LossTolerance"/>, the mean probability within <see cref="Numbers.MovedActivation"/>, the accuracy exactly.
    /// </summary>
    private async Task AssertSameNumbersAsync(FixMode mode, params string[] sources)
    {
        var (before, after, @fixed) = await BeforeAndAfter.RunAsync(output, mode, new Loss001CodeFix(), Id, "Program.Run", sources);
        Assert.Contains(@fixed.Sources, s => s.Contains("BCEWithLogitsLoss", StringComparison.Ordinal));

        var losses = before.Length - 2;
        Numbers.AssertRelativelyClose(before[..losses], after[..losses], LossTolerance, "loss");
        // The sigmoid now runs outside forward: the same probabilities up to float32 rounding (see MovedActivation). Only a
        // probability within that rounding of 0.5 could flip the accuracy, so it is compared exactly.
        Numbers.AssertRelativelyClose(before[losses], after[losses], Numbers.MovedActivation, "mean probability");
        Numbers.AssertIdentical(before[losses + 1], after[losses + 1], "accuracy at 0.5");
    }
}
