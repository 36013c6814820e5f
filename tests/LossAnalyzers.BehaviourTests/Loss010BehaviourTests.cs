using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS010's fix must not change what the program computes: positives of an unreduced BCEWithLogitsLoss re-weighted
/// by hand by k (the forum's <c>lossFlat[targetFlat == 1] *= k</c> then <c>.mean()</c>, <c>torch.where(target == 1,
/// loss * k, loss).sum()</c>, <c>loss * (1 + (k - 1) * target)</c> then <c>.mean()</c>) and, after the fix,
/// <c>pos_weights: [k]</c> with the reduction restored give, for 0/1 targets, the same loss and, after
/// <c>backward()</c>, the same gradient of the model's weight and bias.
/// </summary>
public sealed class Loss010BehaviourTests
{
    private const string Id = "LOSS010";
    private const int Seed = 2010;
    private const int Rows = 16;

    /// <summary>Relative tolerance of the loss: both forms compute k · BCE per positive in float32.</summary>
    private const double LossTolerance = 1e-6;

    /// <summary>Tolerance of each gradient component, relative to the largest component of the gradient.</summary>
    private const double GradientTolerance = 1e-5;

    private static readonly float[] Features = TestData.Features(Rows, columns: 4, seed: 101);
    private static readonly float[] Targets = TestData.Labels(Rows, seed: 102).Select(l => (float)l).ToArray();

    /// <summary>A program whose Run builds the seeded model, computes <paramref name="loss"/> (a statement list ending in <c>loss</c>), backpropagates, and returns the loss and the gradients.</summary>
    private static string Program(string members, string parameters, string loss) => TestSources.Usings + $$"""
        public static class Program
        {
            {{members}}

            public static double[] Run({{parameters}})
            {
                torch.manual_seed({{Seed}});
                var model = Linear(4, 1);
                var x = torch.tensor({{TestData.Literal(Features)}}, new long[] { {{Rows}}, 4 });
                var target = torch.tensor({{TestData.Literal(Targets)}});
                var scores = model.forward(x).squeeze(-1);
                {{loss.Replace("\n", "\n        ")}}
                loss.backward();
                var results = new System.Collections.Generic.List<double> { loss.item<float>() };
                foreach (var g in model.weight!.grad!.data<float>()) results.Add(g);
                foreach (var g in model.bias!.grad!.data<float>()) results.Add(g);
                return results.ToArray();
            }
        }
        """;

    /// <summary>The forum's event-detection code: a constant factor on the positives of the flattened losses, then the mean.</summary>
    private static readonly string MaskedMultiply = Program(
        "private const float PositiveWeight = 100f;",
        "",
        """
        var criterion = BCEWithLogitsLoss(reduction: Reduction.None);
        var lossGet = criterion.forward(scores, target);
        var lossFlat = lossGet.flatten();
        var targetFlat = target.flatten();
        lossFlat[targetFlat == 1] *= PositiveWeight;
        var loss = lossFlat.mean();
        """);

    /// <summary>torch.where with a factor passed in at run time, summed: the fix writes pos_weights from the variable.</summary>
    private static readonly string Where = Program(
        "",
        "double k",
        """
        var perElement = functional.binary_cross_entropy_with_logits(scores, target, reduction: Reduction.None);
        var loss = torch.where(target == 1, perElement * k, perElement).sum();
        """);

    /// <summary>The blend 1 + (k - 1) · target on the positives, then the mean.</summary>
    private static readonly string Blend = Program(
        "private const double K = 10;",
        "",
        """
        var criterion = BCEWithLogitsLoss(reduction: Reduction.None);
        var perElement = criterion.forward(scores, target);
        var weighted = perElement * (1 + (K - 1) * target);
        var loss = weighted.mean();
        """);

    private readonly ITestOutputHelper output;

    public Loss010BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public Task Masked_multiply_then_mean_keeps_loss_and_gradients(FixMode mode) => AssertSameLossAndGradientsAsync(mode, MaskedMultiply, "Reduction.Mean", "100f");

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public Task Where_with_a_factor_variable_then_sum_keeps_loss_and_gradients(FixMode mode) => AssertSameLossAndGradientsAsync(mode, Where, "Reduction.Sum", "(float)(k)", 7.5);

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public Task Blend_then_mean_keeps_loss_and_gradients(FixMode mode) => AssertSameLossAndGradientsAsync(mode, Blend, "Reduction.Mean", "10f");

    /// <summary>
    /// Runs Run (loss, then the gradient of weight and bias) before and after the fix, with <paramref name="arguments"/>;
    /// checks that the fix wrote the reduction and the factor, and that the numbers agree.
    /// </summary>
    private async Task AssertSameLossAndGradientsAsync(FixMode mode, string source, string reduction, string factor, params object[] arguments)
    {
        var before = TorchProgram.Compile(source).Run<double[]>("Program.Run", arguments);

        var provider = CodeFixProviders.Require(Id);
        var @fixed = await mode.ApplyAsync(provider, Id, source);
        output.WriteLine($"{@fixed.DiagnosticsBefore} {Id} diagnostic(s) fixed by {provider.GetType().Name} ({mode}):\n{@fixed}");
        Assert.Contains($"pos_weights: torch.tensor(new float[] {{ {factor} }})", @fixed.Single, StringComparison.Ordinal);
        Assert.Contains(reduction, @fixed.Single, StringComparison.Ordinal);
        Assert.DoesNotContain("Reduction.None", @fixed.Single, StringComparison.Ordinal);

        var after = TorchProgram.Compile(@fixed.Sources).Run<double[]>("Program.Run", arguments);
        output.WriteLine($"before: loss {Numbers.Format(before[0])}, gradient (weight, bias) {Numbers.Format(before[1..])}");
        output.WriteLine($"after:  loss {Numbers.Format(after[0])}, gradient (weight, bias) {Numbers.Format(after[1..])}");
        Assert.Equal(before.Length, after.Length);

        Numbers.AssertRelativelyClose(before[0], after[0], LossTolerance, "loss");
        var scale = before[1..].Max(Math.Abs);
        Assert.True(scale > 0, $"The original gradient is zero: {Numbers.Format(before[1..])}.");
        var worst = Enumerable.Range(1, before.Length - 1).Max(i => Math.Abs(after[i] - before[i]));
        output.WriteLine($"largest gradient difference {Numbers.Format(worst)}, {Numbers.Format(worst / scale)} of the largest component {Numbers.Format(scale)}");
        Assert.True(
            worst <= GradientTolerance * scale,
            $"gradient: before {Numbers.Format(before[1..])}, after {Numbers.Format(after[1..])}; the largest difference {Numbers.Format(worst)} is above {Numbers.Format(GradientTolerance)} x {Numbers.Format(scale)}.");
    }
}
