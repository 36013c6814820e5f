using LossAnalyzers.BehaviourTests.Infrastructure;
using TorchSharp;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS011's fix must repair the predictions: logits compared with 0.5 call a sample positive only above probability
/// σ(0.5) ≈ 0.62, so every logit in (0, 0.5] is predicted negative though its probability is above one half. After
/// the fix (compare with 0) the predictions are exactly <c>sigmoid(z) &gt; 0.5</c> (and <c>≥</c> for <c>ge</c>) of
/// the same logits; the logits and the loss do not change.
/// </summary>
public sealed class Loss011BehaviourTests
{
    private const string Id = "LOSS011";
    private const int Seed = 2011;
    private const int Rows = 64;
    private static readonly float[] Features = TestData.Features(Rows, columns: 4, seed: 111);
    private static readonly float[] Targets = TestData.Labels(Rows, seed: 112).Select(l => (float)l).ToArray();

    /// <summary>Returns the logits, the predictions of <c>logits &gt; 0.5</c>, those of <c>logits.ge(0.5)</c>, and the loss.</summary>
    private static readonly string Program = TestSources.Usings + $$"""
        public static class Program
        {
            public static double[] Run()
            {
                torch.manual_seed({{Seed}});
                var model = Linear(4, 1);
                var criterion = BCEWithLogitsLoss();
                var x = torch.tensor({{TestData.Literal(Features)}}, new long[] { {{Rows}}, 4 });
                var y = torch.tensor({{TestData.Literal(Targets)}}, new long[] { {{Rows}}, 1 });
                var logits = model.forward(x);
                var loss = criterion.forward(logits, y);
                var predicted = (logits > 0.5).to_type(ScalarType.Float32);
                var atLeast = logits.ge(0.5).to_type(ScalarType.Float32);
                var all = torch.cat(new[] { logits.detach(), predicted, atLeast, loss.detach().reshape(1, 1) }, 0);
                return all.to_type(ScalarType.Float64).data<double>().ToArray();
            }
        }
        """;

    private readonly ITestOutputHelper output;

    public Loss011BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Comparing_logits_with_zero_predicts_what_the_probabilities_say(FixMode mode)
    {
        var provider = CodeFixProviders.Require(Id);
        var (before, after, @fixed) = await BeforeAndAfter.RunAsync(output, mode, provider, Id, "Program.Run", Program);
        Assert.Equal(2, @fixed.DiagnosticsBefore);
        Assert.Contains("logits > 0)", @fixed.Single, StringComparison.Ordinal);
        Assert.Contains("logits.ge(0)", @fixed.Single, StringComparison.Ordinal);

        var logits = before[..Rows];
        Assert.True(logits.SequenceEqual(after[..Rows]), "The fix changed the logits.");
        Numbers.AssertIdentical(before[^1], after[^1], "loss");

        // What the probabilities say, computed on the same float logits by libtorch's sigmoid.
        bool[] Probability(Func<torch.Tensor, torch.Tensor> compare)
        {
            using var scope = torch.NewDisposeScope();
            return compare(torch.sigmoid(torch.tensor(logits.Select(z => (float)z).ToArray()))).data<bool>().ToArray();
        }

        var above = Probability(p => p > 0.5);
        var atLeast = Probability(p => p.ge(0.5));
        var inBetween = Enumerable.Range(0, Rows).Where(i => logits[i] > 0 && logits[i] < 0.5).ToArray();
        output.WriteLine($"{inBetween.Length} of {Rows} logits in (0, 0.5): {Numbers.Format(inBetween.Select(i => logits[i]))}");
        Assert.True(inBetween.Length >= 3, "Too few logits in (0, 0.5) for the data to show anything.");

        var comparisons = new (string Name, int Offset, bool[] Reference, Func<double, bool> OriginalWrong)[]
        {
            // z > 0.5 against σ(z) > 0.5, that is z > 0: wrong for 0 < z <= 0.5.
            ("logits > 0.5", Rows, above, z => z > 0 && z <= 0.5),
            // z >= 0.5 against σ(z) >= 0.5, that is z >= 0: wrong for 0 <= z < 0.5.
            ("logits.ge(0.5)", 2 * Rows, atLeast, z => z >= 0 && z < 0.5),
        };
        foreach (var (name, offset, reference, originalWrong) in comparisons)
        {
            var original = before[offset..(offset + Rows)].Select(p => p == 1.0).ToArray();
            var repaired = after[offset..(offset + Rows)].Select(p => p == 1.0).ToArray();
            var wrong = Enumerable.Range(0, Rows).Where(i => original[i] != reference[i]).ToArray();
            var stillWrong = Enumerable.Range(0, Rows).Count(i => repaired[i] != reference[i]);
            output.WriteLine($"{name}: the original disagrees with the probabilities at {wrong.Length} of {Rows} samples, logits {Numbers.Format(wrong.Select(i => logits[i]))}; the fixed at {stillWrong}");

            Assert.Equal(Enumerable.Range(0, Rows).Where(i => originalWrong(logits[i])), wrong);
            Assert.Equal(reference, repaired);
        }
    }
}
