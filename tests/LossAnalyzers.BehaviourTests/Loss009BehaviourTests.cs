using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS009's fix must repair the program: an integer target (<c>functional.one_hot</c>, <c>torch.tensor(new long[] {…})</c>)
/// given to BCEWithLogitsLoss or BCELoss makes the loss throw when it runs; after the fix (the target gets
/// <c>.to_type(ScalarType.Float32)</c>) each loss runs and is the binary cross-entropy of the model's logits against
/// the same 0/1 targets as floats (BCELoss on the sigmoid of the logits, so within float rounding of it).
/// </summary>
public sealed class Loss009BehaviourTests
{
    private const string Id = "LOSS009";
    private const int Seed = 2009;
    private const int Rows = 8;
    private static readonly float[] Features = TestData.Features(Rows, columns: 4, seed: 91);
    private static readonly long[] Labels = TestData.Labels(Rows, seed: 92);

    /// <summary>Four losses, one a method: one_hot targets on a [8, 2] head and long targets on a [8] logit, for each loss.</summary>
    private static readonly string Program = TestSources.Usings + $$"""
        public static class Program
        {
            private static Tensor Features() => torch.tensor({{TestData.Literal(Features)}}, new long[] { {{Rows}}, 4 });

            private static Tensor Labels() => torch.tensor({{TestData.Literal(Labels)}});

            public static double OneHotWithLogits()
            {
                torch.manual_seed({{Seed}});
                var model = Linear(4, 2);
                var criterion = BCEWithLogitsLoss();
                var logits = model.forward(Features());
                var loss = criterion.forward(logits, functional.one_hot(Labels(), 2));
                return loss.item<float>();
            }

            public static double LongTensorWithLogits()
            {
                torch.manual_seed({{Seed}});
                var model = Linear(4, 1);
                var criterion = BCEWithLogitsLoss();
                var logits = model.forward(Features()).squeeze(-1);
                var loss = criterion.forward(logits, torch.tensor({{TestData.Literal(Labels)}}));
                return loss.item<float>();
            }

            public static double OneHotProbabilities()
            {
                torch.manual_seed({{Seed}});
                var model = Linear(4, 2);
                var criterion = BCELoss();
                var probabilities = torch.sigmoid(model.forward(Features()));
                var loss = criterion.forward(probabilities, functional.one_hot(Labels(), 2));
                return loss.item<float>();
            }

            public static double LongTensorProbabilities()
            {
                torch.manual_seed({{Seed}});
                var model = Linear(4, 1);
                var criterion = BCELoss();
                var probabilities = torch.sigmoid(model.forward(Features()).squeeze(-1));
                var loss = criterion.forward(probabilities, torch.tensor({{TestData.Literal(Labels)}}));
                return loss.item<float>();
            }
        }
        """;

    private readonly ITestOutputHelper output;

    public Loss009BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Integer_targets_that_throw_become_float_targets_giving_the_binary_cross_entropy_of_the_logits(FixMode mode)
    {
        var oneHot = Labels.SelectMany(l => new[] { l == 0 ? 1f : 0f, l == 1 ? 1f : 0f }).ToArray();
        var cases = new (string Method, int Outputs, float[] Targets, long[] Shape)[]
        {
            ("OneHotWithLogits", 2, oneHot, new long[] { Rows, 2 }),
            ("LongTensorWithLogits", 1, Labels.Select(l => (float)l).ToArray(), new long[] { Rows }),
            ("OneHotProbabilities", 2, oneHot, new long[] { Rows, 2 }),
            ("LongTensorProbabilities", 1, Labels.Select(l => (float)l).ToArray(), new long[] { Rows }),
        };

        var original = TorchProgram.Compile(Program);
        foreach (var (method, _, _, _) in cases)
        {
            var thrown = Record.Exception(() => original.Run<double>("Program." + method));
            Assert.True(thrown is not null, $"The original {method} ran with an integer target.");
            output.WriteLine($"original {method}: {thrown.GetType().Name}: {thrown.Message.Split('\n')[0]}");
            // libtorch names the dtype: "result type Float can't be cast to ... Long", "Found dtype Long but expected Float".
            Assert.Contains("Long", thrown.Message, StringComparison.Ordinal);
        }

        var provider = CodeFixProviders.Require(Id);
        var @fixed = await mode.ApplyAsync(provider, Id, Program);
        output.WriteLine($"{@fixed.DiagnosticsBefore} {Id} diagnostic(s) fixed by {provider.GetType().Name} ({mode}):\n{@fixed}");
        Assert.Equal(cases.Length, @fixed.DiagnosticsBefore);
        Assert.Equal(cases.Length, CountOf(@fixed.Single, ".to_type(ScalarType.Float32)"));

        var repaired = TorchProgram.Compile(@fixed.Sources);
        foreach (var (method, outputs, targets, shape) in cases)
        {
            var loss = repaired.Run<double>("Program." + method);
            var expected = Reference.BinaryCrossEntropyWithLogits(Seed, 4, outputs, Features, targets, shape);
            output.WriteLine($"fixed {method}: loss {Numbers.Format(loss)}, BCE with logits against the float targets {Numbers.Format(expected)}");
            Numbers.AssertRelativelyClose(expected, loss, 1e-6, $"fixed {method} against binary_cross_entropy_with_logits of the same logits");
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
