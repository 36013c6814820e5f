using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS003's fix must repair the program: CrossEntropyLoss on a one-output head takes log_softmax over one column,
/// which is 0, so the loss is exactly 0 for class-0 targets whatever the data (and a class-1 target is out of
/// bounds); nothing learns. After the fix (BCEWithLogitsLoss on the squeezed logit with a float target) the loss
/// depends on the data, is the binary cross-entropy of the model's logit, and training lowers it; class weights
/// [w0, w1] (which the original cannot even run with) weight positives w1 / w0 times a negative.
/// </summary>
public sealed class Loss003BehaviourTests
{
    private const string Id = "LOSS003";
    private const int Seed = 1234;
    private const int Rows = 6;

    private static readonly string LossProgram = TestSources.Usings + $$"""
        public static class Program
        {
            public static double Loss(float[] features, long[] labels)
            {
                torch.manual_seed({{Seed}});
                var model = Sequential(Linear(4, 1));
                var criterion = CrossEntropyLoss();
                var x = torch.tensor(features, new long[] { labels.Length, 4 });
                var y = torch.tensor(labels);
                var loss = criterion.forward(model.forward(x), y);
                return loss.item<float>();
            }
        }
        """;

    private static readonly string TrainingProgram = TestSources.Usings + $$"""
        public static class Program
        {
            public static double[] Train(float[] features, long[] labels, int steps)
            {
                torch.manual_seed({{Seed}});
                var model = Sequential(Linear(4, 1));
                var criterion = CrossEntropyLoss();
                var optimizer = torch.optim.SGD(model.parameters(), 0.5);
                var x = torch.tensor(features, new long[] { labels.Length, 4 });
                var y = torch.tensor(labels);
                var losses = new double[steps];
                for (var step = 0; step < steps; step++)
                {
                    optimizer.zero_grad();
                    var loss = criterion.forward(model.forward(x), y);
                    loss.backward();
                    optimizer.step();
                    losses[step] = loss.item<float>();
                }

                return losses;
            }
        }
        """;

    /// <summary>Class weights [2, 6]: after the fix pos_weights [3] (w1 / w0).</summary>
    private static readonly string WeightedProgram = TestSources.Usings + $$"""
        public static class Program
        {
            public static double Loss(float[] features, long[] labels)
            {
                torch.manual_seed({{Seed}});
                var model = Sequential(Linear(4, 1));
                var criterion = CrossEntropyLoss(weight: torch.tensor(new float[] { 2f, 6f }));
                var x = torch.tensor(features, new long[] { labels.Length, 4 });
                var y = torch.tensor(labels);
                var loss = criterion.forward(model.forward(x), y);
                return loss.item<float>();
            }
        }
        """;

    private readonly ITestOutputHelper output;

    public Loss003BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Fixed_loss_is_the_binary_cross_entropy_of_the_logit_where_the_original_is_always_zero(FixMode mode)
    {
        var seeds = new[] { 21, 22, 23, 24 };
        var original = TorchProgram.Compile(LossProgram);
        foreach (var seed in seeds)
        {
            var loss = original.Run<double>("Program.Loss", TestData.Features(Rows, 4, seed), new long[Rows]);
            Assert.True(loss == 0.0, $"The original loss on all-class-0 targets (features seed {seed}) is {Numbers.Format(loss)}, not exactly 0.");
        }

        var outOfBounds = Record.Exception(() => original.Run<double>("Program.Loss", TestData.Features(Rows, 4, 21), TestData.Labels(Rows, 21)));
        Assert.True(outOfBounds is not null, "The original loss accepted a class-1 target on a one-column head.");
        output.WriteLine($"original with a class-1 target: {outOfBounds.GetType().Name}: {outOfBounds.Message.Split('\n')[0]}");

        var @fixed = await FixAsync(mode, LossProgram);
        var repaired = TorchProgram.Compile(@fixed.Sources);
        var losses = new List<double>();
        foreach (var seed in seeds)
        {
            var features = TestData.Features(Rows, 4, seed);
            var labels = TestData.Labels(Rows, seed + 100);
            var loss = repaired.Run<double>("Program.Loss", features, labels);
            var expected = Reference.BinaryCrossEntropyWithLogits(Seed, 4, features, labels.Select(l => (float)l).ToArray(), new long[] { labels.Length });
            output.WriteLine($"seed {seed}: labels [{string.Join(", ", labels)}] fixed loss {Numbers.Format(loss)}, BCE of the logit {Numbers.Format(expected)}");
            Assert.True(double.IsFinite(loss) && loss > 0, $"The fixed loss for seed {seed} is {Numbers.Format(loss)}: not a finite positive number.");
            Numbers.AssertRelativelyClose(expected, loss, 1e-6, $"fixed loss for seed {seed} against binary_cross_entropy_with_logits of the same model");
            losses.Add(loss);
        }

        Assert.True(losses.Distinct().Count() == losses.Count, $"The fixed loss does not change with the data: {Numbers.Format(losses)}.");
    }

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Fixed_training_lowers_the_loss_where_the_original_never_moves(FixMode mode)
    {
        const int Steps = 20;
        var features = TestData.Features(16, 4, 31);
        // Separable labels: class 1 where the first feature is positive.
        var labels = Enumerable.Range(0, 16).Select(i => features[i * 4] > 0 ? 1L : 0L).ToArray();
        Assert.Contains(0L, labels);
        Assert.Contains(1L, labels);

        var original = TorchProgram.Compile(TrainingProgram).Run<double[]>("Program.Train", features, new long[16], Steps);
        output.WriteLine($"original on class-0 targets: {Numbers.Format(original)}");
        Assert.True(original.All(l => l == 0.0), $"The original training loss is not constantly 0: {Numbers.Format(original)}.");

        var @fixed = await FixAsync(mode, TrainingProgram);
        var losses = TorchProgram.Compile(@fixed.Sources).Run<double[]>("Program.Train", features, labels, Steps);
        output.WriteLine($"fixed: {Numbers.Format(losses)}");
        Assert.True(losses.All(double.IsFinite), $"The fixed training loss is not finite: {Numbers.Format(losses)}.");
        Assert.True(losses.Distinct().Count() > 1, $"The fixed training loss is constant: {Numbers.Format(losses)}.");
        Assert.True(losses[^1] < losses[0] / 2, $"Training on separable data did not halve the fixed loss: {Numbers.Format(losses)}.");
    }

    /// <summary>
    /// With pos_weights w1 / w0 each positive counts w1 / w0 times a negative, as the class weights meant: the fixed
    /// loss is the mean of the per-element BCE weighted by the class weight of each target, divided by w0.
    /// </summary>
    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Class_weights_become_pos_weights_that_keep_their_ratio(FixMode mode)
    {
        var features = TestData.Features(Rows, 4, 71);
        var labels = TestData.Labels(Rows, 72);
        var original = Record.Exception(() => TorchProgram.Compile(WeightedProgram).Run<double>("Program.Loss", features, new long[Rows]));
        Assert.True(original is not null, "The original loss accepted two class weights on a one-column head.");
        output.WriteLine($"original: {original.GetType().Name}: {original.Message.Split('\n')[0]}");

        var @fixed = await FixAsync(mode, WeightedProgram);
        Assert.Contains("pos_weights", @fixed.Single, StringComparison.Ordinal);
        var loss = TorchProgram.Compile(@fixed.Sources).Run<double>("Program.Loss", features, labels);

        var unweighted = Reference.BinaryCrossEntropyWithLogitsPerElement(Seed, 4, features, labels.Select(l => (float)l).ToArray());
        var expected = unweighted.Select((bce, i) => bce * (labels[i] == 1 ? 6.0 : 2.0)).Average() / 2.0;
        output.WriteLine($"labels [{string.Join(", ", labels)}] fixed loss {Numbers.Format(loss)}, class-weighted BCE / w0 {Numbers.Format(expected)}");
        Numbers.AssertRelativelyClose(expected, loss, 1e-6, "fixed loss against the class-weighted binary cross-entropy divided by w0");
    }

    private async Task<FixedSources> FixAsync(FixMode mode, string source)
    {
        var reported = await CodeFixApplier.DiagnosticsAsync(Id, source);
        output.WriteLine($"before the fix: {string.Join("; ", reported)}");
        var provider = CodeFixProviders.Require(Id);
        var @fixed = await mode.ApplyAsync(provider, Id, source);
        output.WriteLine($"{@fixed.DiagnosticsBefore} {Id} diagnostic(s) fixed by {provider.GetType().Name} ({mode}):\n{@fixed}");
        Assert.Contains("BCEWithLogitsLoss", @fixed.Single, StringComparison.Ordinal);
        Assert.DoesNotContain("CrossEntropyLoss(", @fixed.Single, StringComparison.Ordinal);
        return @fixed;
    }
}
