using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// The KLDivLoss fixes on TorchSharp: LOSS014 (softmax input becomes log_softmax: the divergence of a distribution
/// from itself becomes 0), LOSS015 (log_target: false for a softmax target: the wrong value of the distillation loss
/// becomes the true one), LOSS017 (Sum divided by the batch: the mean over elements becomes the per-sample KL). Every
/// expected value is computed by hand from the same logits.
/// </summary>
public sealed class KLDivBehaviourTests
{
    private const int Rows = 4;
    private const int Classes = 3;
    private static readonly float[] Student = TestData.Features(rows: Rows, columns: Classes, seed: 141);
    private static readonly float[] Teacher = TestData.Features(rows: Rows, columns: Classes, seed: 142);

    private static readonly string Logits = $$"""
            public static Tensor Student() => torch.tensor({{TestData.Literal(Student)}}, new long[] { {{Rows}}, {{Classes}} });
            public static Tensor Teacher() => torch.tensor({{TestData.Literal(Teacher)}}, new long[] { {{Rows}}, {{Classes}} });
        """;

    private readonly ITestOutputHelper output;

    public KLDivBehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss015_log_target_false_turns_the_distillation_loss_into_the_true_KL(FixMode mode)
    {
        var program = TestSources.Usings + $$"""
            public static class Program
            {
            {{Logits}}
                public static double[] Run()
                {
                    var soft = functional.log_softmax(Student(), 1);
                    var teacher = functional.softmax(Teacher(), 1);
                    var loss = functional.kl_div(soft, teacher);
                    return new double[] { loss.item<float>() };
                }
            }
            """;
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, CodeFixProviders.Require("LOSS015"), "LOSS015", "Program.Run", program);

        // kl_div with Mean: the sum over every element divided by rows x classes.
        var expected = KLDivergencePerSample().Sum() / (Rows * Classes);
        output.WriteLine($"KL(teacher || student) summed over classes, mean over elements: {Numbers.Format(expected)}");
        Assert.True(Math.Abs(before[0] - expected) > 0.5, $"The original loss {Numbers.Format(before[0])} is already close to the KL divergence {Numbers.Format(expected)}.");
        Numbers.AssertRelativelyClose(expected, after[0], 1e-5, "fixed distillation loss against the KL divergence by hand");
    }

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss017_sum_over_the_batch_is_the_per_sample_KL(FixMode mode)
    {
        var program = TestSources.Usings + $$"""
            public static class Program
            {
            {{Logits}}
                public static double[] Run()
                {
                    var soft = functional.log_softmax(Student(), 1);
                    var loss = functional.kl_div(soft, functional.softmax(Teacher(), 1), log_target: false);
                    return new double[] { loss.item<float>() };
                }
            }
            """;
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, CodeFixProviders.Require("LOSS017"), "LOSS017", "Program.Run", program);

        var perSample = KLDivergencePerSample().Average();
        output.WriteLine($"per-sample KL (sum over classes, mean over the batch): {Numbers.Format(perSample)}");
        Numbers.AssertRelativelyClose(perSample / Classes, before[0], 1e-5, "Mean reduction: the per-sample KL divided by the classes");
        Numbers.AssertRelativelyClose(perSample, after[0], 1e-5, "fixed loss against the per-sample KL by hand");
    }

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss014_log_softmax_input_makes_the_divergence_of_a_distribution_from_itself_zero(FixMode mode)
    {
        var program = TestSources.Usings + $$"""
            public static class Program
            {
            {{Logits}}
                public static double[] Run()
                {
                    var s = Student();
                    var p = functional.softmax(s, 1);
                    var loss = functional.kl_div(p, functional.softmax(s, 1), log_target: false, reduction: Reduction.Sum) / s.shape[0];
                    return new double[] { loss.item<float>() };
                }
            }
            """;
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, CodeFixProviders.Require("LOSS014"), "LOSS014", "Program.Run", program);

        Assert.True(before[0] < -0.5, $"The divergence of a distribution from itself on probabilities was {Numbers.Format(before[0])}, expected clearly negative.");
        Assert.True(Math.Abs(after[0]) < 1e-6, $"After the fix the divergence of a distribution from itself is {Numbers.Format(after[0])}, expected 0.");
    }

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss018_int32_labels_that_throw_become_int64_labels_giving_the_cross_entropy(FixMode mode)
    {
        var labels = TestData.Classes(rows: Rows, classes: Classes, seed: 143);
        var program = TestSources.Usings + $$"""
            public static class Program
            {
            {{Logits}}
                public static double Run()
                {
                    var labels = torch.tensor(new int[] { {{string.Join(", ", labels)}} });
                    return CrossEntropyLoss().forward(Student(), labels).item<float>();
                }
            }
            """;
        var thrown = Record.Exception(() => TorchProgram.Compile(program).Run<double>("Program.Run"));
        Assert.True(thrown is not null, "The original ran with an Int32 target.");
        output.WriteLine($"original: {thrown.GetType().Name}: {thrown.Message.Split('\n')[0]}");
        Assert.Contains("expected scalar type Long but found Int", thrown.Message, StringComparison.Ordinal);

        var provider = CodeFixProviders.Require("LOSS018");
        var @fixed = await mode.ApplyAsync(provider, "LOSS018", program);
        output.WriteLine($"{@fixed.DiagnosticsBefore} LOSS018 diagnostic(s) fixed ({mode}):\n{@fixed}");
        Assert.Equal(1, @fixed.DiagnosticsBefore);

        var loss = TorchProgram.Compile(@fixed.Sources).Run<double>("Program.Run");
        var expected = Enumerable.Range(0, Rows).Average(r => -LogSoftmax(Student, r)[labels[r]]);
        output.WriteLine($"fixed: {Numbers.Format(loss)}, cross-entropy by hand {Numbers.Format(expected)}");
        Numbers.AssertRelativelyClose(expected, loss, 1e-5, "fixed loss against the cross-entropy by hand");
    }

    /// <summary>KL(teacher || student) of each row: sum over classes of p (log p - log q), p = softmax(teacher), q = softmax(student).</summary>
    private static double[] KLDivergencePerSample() =>
        Enumerable.Range(0, Rows).Select(r =>
        {
            var logP = LogSoftmax(Teacher, r);
            var logQ = LogSoftmax(Student, r);
            return Enumerable.Range(0, Classes).Sum(c => Math.Exp(logP[c]) * (logP[c] - logQ[c]));
        }).ToArray();

    private static double[] LogSoftmax(float[] logits, int row)
    {
        var values = Enumerable.Range(0, Classes).Select(c => (double)logits[row * Classes + c]).ToArray();
        var max = values.Max();
        var logSum = max + Math.Log(values.Sum(v => Math.Exp(v - max)));
        return values.Select(v => v - logSum).ToArray();
    }
}
