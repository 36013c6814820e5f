using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS007's fix must repair the program. A per-class vector <c>[w0, w1]</c> given as the BCE <c>weight</c> of a
/// single-label input does not weight classes: libtorch multiplies the per-element losses by it in place, so on a
/// [N, 1] head (or a squeezed [N] input, N ≠ 2) the loss throws, and on a squeezed batch of exactly two it runs and
/// weights the samples by position (the first w0, the second w1) whatever their class. After the fix
/// (<c>pos_weights: [w1 / w0]</c>; on BCELoss together with LOSS001's sigmoid removal) the loss is the class-weighted
/// binary cross-entropy divided by w0 (positives count w1 / w0 times a negative, as the weights meant), computed here
/// by hand from the model's logits.
/// </summary>
public sealed class Loss007BehaviourTests
{
    private const string Id = "LOSS007";
    private const int Seed = 2007;
    private const int Rows = 12;
    private const double W0 = 2;
    private const double W1 = 5;
    private static readonly float[] Features = TestData.Features(Rows, columns: 4, seed: 71);
    private static readonly long[] Labels = TestData.Labels(Rows, seed: 72);

    /// <summary>
    /// Class weights [2, 5] as the weight of BCEWithLogitsLoss on a [N, 1] head, of BCELoss on its sigmoid, and of
    /// BCEWithLogitsLoss on the squeezed [N] logits.
    /// </summary>
    private static readonly string Program = TestSources.Usings + $$"""
        public static class Program
        {
            public static double Head(float[] features, float[] targets)
            {
                torch.manual_seed({{Seed}});
                var model = Linear(4, 1);
                var criterion = BCEWithLogitsLoss(weight: torch.tensor(new float[] { 2f, 5f }));
                var x = torch.tensor(features, new long[] { targets.Length, 4 });
                var y = torch.tensor(targets, new long[] { targets.Length, 1 });
                return criterion.forward(model.forward(x), y).item<float>();
            }

            public static double SigmoidHead(float[] features, float[] targets)
            {
                torch.manual_seed({{Seed}});
                var model = Sequential(Linear(4, 1), Sigmoid());
                var criterion = BCELoss(weight: torch.tensor(new float[] { 2f, 5f }));
                var x = torch.tensor(features, new long[] { targets.Length, 4 });
                var y = torch.tensor(targets, new long[] { targets.Length, 1 });
                return criterion.forward(model.forward(x), y).item<float>();
            }

            public static double Squeezed(float[] features, float[] targets)
            {
                torch.manual_seed({{Seed}});
                var model = Linear(4, 1);
                var criterion = BCEWithLogitsLoss(weight: torch.tensor(new float[] { 2f, 5f }));
                var x = torch.tensor(features, new long[] { targets.Length, 4 });
                return criterion.forward(model.forward(x).squeeze(-1), torch.tensor(targets)).item<float>();
            }
        }
        """;

    private readonly ITestOutputHelper output;

    public Loss007BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Per_class_weight_that_throws_on_a_batch_becomes_pos_weights_giving_the_class_weighted_loss(FixMode mode)
    {
        var cases = new (string Method, string Error)[]
        {
            ("Head", $"output with shape [{Rows}, 1] doesn't match the broadcast shape [{Rows}, 2]"),
            ("SigmoidHead", $"output with shape [{Rows}, 1] doesn't match the broadcast shape [{Rows}, 2]"),
            ("Squeezed", $"The size of tensor a ({Rows}) must match the size of tensor b (2)"),
        };
        var targets = Labels.Select(l => (float)l).ToArray();

        var original = TorchProgram.Compile(Program);
        foreach (var (method, error) in cases)
        {
            var thrown = Record.Exception(() => original.Run<double>("Program." + method, Features, targets));
            Assert.True(thrown is not null, $"The original {method} ran with a two-element weight on {Rows} single-label logits.");
            output.WriteLine($"original {method}: {thrown.GetType().Name}: {thrown.Message.Split('\n')[0]}");
            Assert.Contains(error, thrown.Message, StringComparison.Ordinal);
        }

        var @fixed = await FixAsync(mode);
        var logits = Reference.LogitValues(Seed, 4, 1, Features);
        var intended = ByHand.ClassWeightedMean(logits, Labels, W0, W1);
        var repaired = TorchProgram.Compile(@fixed.Sources);
        foreach (var (method, _) in cases)
        {
            var loss = repaired.Run<double>("Program." + method, Features, targets);
            output.WriteLine($"fixed {method}: loss {Numbers.Format(loss)}; by hand: class-weighted {Numbers.Format(intended)}, / w0 {Numbers.Format(intended / W0)}");
            Numbers.AssertRelativelyClose(intended / W0, loss, 1e-6, $"fixed {method} against the class-weighted binary cross-entropy divided by w0");
        }
    }

    /// <summary>
    /// A batch of two, a positive then a negative: the original weights the positive w0 and the negative w1, the
    /// reverse of the class weights; the fixed loss weights the positive w1 / w0.
    /// </summary>
    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Per_class_weight_that_weights_a_batch_of_two_by_position_becomes_pos_weights_that_weight_by_class(FixMode mode)
    {
        var features = TestData.Features(rows: 2, columns: 4, seed: 73);
        var labels = new long[] { 1, 0 };
        var targets = labels.Select(l => (float)l).ToArray();
        var logits = Reference.LogitValues(Seed, 4, 1, features);
        var losses = Enumerable.Range(0, 2).Select(i => ByHand.BinaryCrossEntropyWithLogits(logits[i], labels[i])).ToArray();
        var byPosition = (W0 * losses[0] + W1 * losses[1]) / 2;
        var intended = ByHand.ClassWeightedMean(logits, labels, W0, W1);
        output.WriteLine($"logits {Numbers.Format(logits.Select(z => (double)z))}, labels [1, 0], per-element BCE {Numbers.Format(losses)}");
        output.WriteLine($"by hand: weighted by position {Numbers.Format(byPosition)}, by class {Numbers.Format(intended)}, by class / w0 {Numbers.Format(intended / W0)}");

        var before = TorchProgram.Compile(Program).Run<double>("Program.Squeezed", features, targets);
        output.WriteLine($"original Squeezed: loss {Numbers.Format(before)}");
        Numbers.AssertRelativelyClose(byPosition, before, 1e-6, "original loss against the losses weighted by position (w0 the first, w1 the second)");
        Assert.True(Math.Abs(before - intended) > 1e-2 * intended, $"The original loss {Numbers.Format(before)} already is the class-weighted loss {Numbers.Format(intended)}: the program shows nothing.");

        var @fixed = await FixAsync(mode);
        var after = TorchProgram.Compile(@fixed.Sources).Run<double>("Program.Squeezed", features, targets);
        output.WriteLine($"fixed Squeezed: loss {Numbers.Format(after)}");
        Numbers.AssertRelativelyClose(intended / W0, after, 1e-6, "fixed loss against the class-weighted binary cross-entropy divided by w0");
    }

    private async Task<FixedSources> FixAsync(FixMode mode)
    {
        var provider = CodeFixProviders.Require(Id);
        var @fixed = await mode.ApplyAsync(provider, Id, Program);
        output.WriteLine($"{@fixed.DiagnosticsBefore} {Id} diagnostic(s) fixed by {provider.GetType().Name} ({mode}):\n{@fixed}");
        Assert.Equal(3, @fixed.DiagnosticsBefore);
        Assert.DoesNotContain("weight:", @fixed.Single, StringComparison.Ordinal);
        Assert.DoesNotContain("BCELoss(", @fixed.Single, StringComparison.Ordinal);
        Assert.DoesNotContain("Sigmoid()", @fixed.Single, StringComparison.Ordinal);
        return @fixed;
    }
}
