using LossAnalyzers.Runtime.KernelTests.Infrastructure;

namespace LossAnalyzers.Runtime.KernelTests;

/// <summary>
/// The fused cross-entropy (ValidatedLoss.cross_entropy on CPU [N, C]) against a float64 reference (libtorch's
/// cross_entropy on float64 copies): loss and autograd gradient, with class weights, ignore_index, label smoothing and
/// every reduction, on every vector path; bit-identical for one and two threads.
/// </summary>
public sealed class CrossEntropyKernelTests
{
    private static readonly int[] Widths = [2, 3, 5, 8, 10, 16, 17, 33, 100, 257, 1000];

    [Theory]
    [InlineData("Avx512")]
    [InlineData("Avx2")]
    [InlineData("Scalar")]
    public void Loss_and_gradient_match_a_float64_reference_on_every_path(string pathName)
    {
        var path = Enum.Parse<VectorPath>(pathName);
        using var forced = new KernelSwitch(path);
        Assert.Equal(path, KernelSettings.EffectivePath);
        var random = new Random(1500 + (int)path);
        for (int k = 0; k < 90; k++)
        {
            var c = CeCase.Random(random, k % 3 == 2 ? ScalarType.Float64 : ScalarType.Float32);
            c.AssertAgrees();
        }
    }

    [Fact]
    public void Extreme_logits_stay_finite_and_exact()
    {
        var logits = new double[] { 1e4, -1e4, 0, -1e4, 1e4, 3, 88, -88, 0.5 };
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var c = new CeCase(logits, 3, 3, new long[] { 1, 0, 2 }, null, -100, 0.1, Reduction.Mean, dtype);
            c.AssertAgrees();
        }
    }

    [Theory]
    [InlineData("Avx512")]
    [InlineData("Avx2")]
    [InlineData("Scalar")]
    public void A_NaN_score_makes_its_row_NaN(string pathName)
    {
        using var forced = new KernelSwitch(Enum.Parse<VectorPath>(pathName));
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var logits = Enumerable.Range(0, 2 * 13).Select(i => (double)(i % 5)).ToArray();
            logits[13 + 11] = double.NaN;   // row 1, not its label's column
            var c = new CeCase(logits, 2, 13, new long[] { 3, 4 }, null, -100, 0.0, Reduction.None, dtype);
            var (loss, _) = c.Fused();
            Assert.False(double.IsNaN(loss[0]));
            Assert.True(double.IsNaN(loss[1]), $"{pathName} {dtype}: {loss[1]}");
        }
    }

    [Fact]
    public void One_and_two_threads_give_bit_identical_results()
    {
        var random = new Random(77);
        var c = CeCase.Random(random, ScalarType.Float32, rows: 40000, classes: 10);
        (double[] Loss, double[] Gradient) Run(int threads)
        {
            using var forced = new KernelSwitch(VectorPath.Auto, threads);
            return c.Fused();
        }

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Loss, two.Loss);
        Assert.Equal(one.Gradient, two.Gradient);
        c.AssertAgrees();
    }

    [Fact]
    public void A_second_backward_with_retain_graph_recomputes_the_same_gradient()
    {
        using var scope = NewDisposeScope();
        var input = (randn(3000, 7) * 3).requires_grad_();
        var labels = randint(0, 7, new long[] { 3000 });
        var weight = rand(7) + 0.5f;
        var loss = ValidatedLoss.cross_entropy(input, labels, weight, label_smoothing: 0.1);
        loss.backward(retain_graph: true);
        var first = input.grad!.clone();
        input.grad = null;
        (loss * 3).backward();
        Close.Assert(LossRun.ToDoubles(first * 3), LossRun.ToDoubles(input.grad!), Close.Float32, "second backward");

        // And the first gradient is libtorch's.
        var reference = input.detach().to_type(ScalarType.Float64).requires_grad_();
        nn.functional.cross_entropy(reference, labels, weight.to_type(ScalarType.Float64), label_smoothing: 0.1).backward();
        var largest = LossRun.ToDoubles(reference.grad!).Select(Math.Abs).Max();
        Close.Assert(LossRun.ToDoubles(reference.grad!), LossRun.ToDoubles(first), (1e-5, 1e-5 * largest), "first backward against float64");
    }

    [Fact]
    public void Other_layouts_and_probability_targets_go_to_libtorch()
    {
        var input = randn(4, 3);
        Assert.True(FusedCrossEntropy.Takes(input, zeros(4, dtype: ScalarType.Int64), null, Reduction.Mean, probabilities: false));
        Assert.False(FusedCrossEntropy.Takes(randn(4, 3, 2), zeros(4, 2, dtype: ScalarType.Int64), null, Reduction.Mean, false));
        Assert.False(FusedCrossEntropy.Takes(input, softmax(randn(4, 3), 1), null, Reduction.Mean, probabilities: true));
        Assert.False(FusedCrossEntropy.Takes(input.t(), zeros(3, dtype: ScalarType.Int64), null, Reduction.Mean, false));
        Assert.False(FusedCrossEntropy.Takes(input.to_type(ScalarType.Float16), zeros(4, dtype: ScalarType.Int64), null, Reduction.Mean, false));
        var needsGrad = randn(4, 3).requires_grad_();
        Assert.False(FusedCrossEntropy.Takes(needsGrad, zeros(4, dtype: ScalarType.Int64), null, Reduction.None, false));
    }

    /// <summary>One cross-entropy call: scores, labels, weights and settings, with both computations.</summary>
    private sealed record CeCase(double[] Logits, int Rows, int Classes, long[] Labels, double[]? Weight, long IgnoreIndex, double Smoothing, Reduction Reduction, ScalarType Dtype)
    {
        public static CeCase Random(Random random, ScalarType dtype, int rows = 0, int classes = 0)
        {
            classes = classes > 0 ? classes : Widths[random.Next(Widths.Length)];
            rows = rows > 0 ? rows : 1 + random.Next(Math.Max(1, 3000 / classes));
            var scale = random.Next(3) switch { 0 => 1.0, 1 => 5.0, _ => 30.0 };
            var logits = Enumerable.Range(0, rows * classes).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
            long ignore = random.Next(3) == 0 ? random.Next(classes) : -100;
            var labels = Enumerable.Range(0, rows).Select(_ => random.Next(5) == 0 ? ignore : random.Next(classes)).Select(l => (long)l).ToArray();
            labels[0] = ignore == 0 ? 1 : 0;   // at least one row counts
            double[]? weight = random.Next(2) == 0 ? null : Enumerable.Range(0, classes).Select(_ => 0.2 + random.NextDouble() * 3).ToArray();
            var smoothing = random.Next(3) switch { 0 => 0.0, 1 => 0.1, _ => 0.35 };
            var reduction = (Reduction)random.Next(3);
            return new CeCase(logits, rows, classes, labels, weight, ignore, smoothing, reduction, dtype);
        }

        public (double[] Loss, double[] Gradient) Fused()
        {
            using var scope = NewDisposeScope();
            var input = tensor(Logits, dtype: ScalarType.Float64).reshape(Rows, Classes).to_type(Dtype).requires_grad_();
            var target = tensor(Labels);
            var weight = Weight is null ? null : tensor(Weight, dtype: ScalarType.Float64).to_type(Dtype);
            Assert.True(FusedCrossEntropy.Takes(input, target, weight, Reduction == Reduction.None ? Reduction.Mean : Reduction, false));
            if (Reduction == Reduction.None)
            {
                using var noGrad = no_grad();
                var losses = ValidatedLoss.cross_entropy(input, target, weight, IgnoreIndex, Reduction, Smoothing);
                return (LossRun.ToDoubles(losses), []);
            }

            var loss = ValidatedLoss.cross_entropy(input, target, weight, IgnoreIndex, Reduction, Smoothing);
            loss.backward();
            return (LossRun.ToDoubles(loss), LossRun.ToDoubles(input.grad!));
        }

        public (double[] Loss, double[] Gradient) Reference()
        {
            using var scope = NewDisposeScope();
            var input = tensor(Logits, dtype: ScalarType.Float64).reshape(Rows, Classes).to_type(Dtype).to_type(ScalarType.Float64).requires_grad_();
            var weight = Weight is null ? null : tensor(Weight, dtype: ScalarType.Float64).to_type(Dtype).to_type(ScalarType.Float64);
            var loss = nn.functional.cross_entropy(input, tensor(Labels), weight, IgnoreIndex, Reduction, Smoothing);
            if (Reduction == Reduction.None)
            {
                return (LossRun.ToDoubles(loss), []);
            }

            loss.backward();
            return (LossRun.ToDoubles(loss), LossRun.ToDoubles(input.grad!));
        }

        public void AssertAgrees()
        {
            var (loss, gradient) = Fused();
            var (refLoss, refGradient) = Reference();
            var tolerance = Close.For(Dtype);
            var what = $"[{Rows}, {Classes}] {Dtype} {Reduction} weight:{Weight is not null} ignore:{IgnoreIndex} smoothing:{Smoothing}";
            Close.Assert(refLoss, loss, Dtype == ScalarType.Float64 ? tolerance : (1e-5, 1e-6), what + " loss");
            var largest = refGradient.Select(Math.Abs).DefaultIfEmpty(1).Max();
            Close.Assert(refGradient, gradient, (tolerance.Relative, tolerance.Absolute + tolerance.Relative * largest), what + " gradient");
        }
    }
}
