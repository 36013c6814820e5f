using BenchmarkDotNet.Attributes;
using LossAnalyzers.Runtime;
using LossAnalyzers.Runtime.Validation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LossAnalyzers.Benchmarks;

/// <summary>
/// What the validation of the regression and ±1 losses costs: forward plus loss.backward() at [65536, 10] float32,
/// mean reduction, TorchSharp's loss (the baseline of each category) against the validated one, which runs the same
/// libtorch loss after its checks. MSELoss has only the shape checks; SoftMarginLoss and MarginRankingLoss (the
/// cheapest ±1 loss, so the largest share) also read every label, with CheckValues on. GaussianNLLLoss computes
/// PyTorch's formula instead of TorchSharp's, so it is also timed without its checks: the validation's share is
/// validated minus unchecked. Each category also times the checks alone (the validated loss's checks, called directly,
/// with no loss computed): on a shared machine the end-to-end difference drowns in noise, the checks' own time does not.
/// </summary>
public class RegressionLossBenchmarks
{
    private const long Rows = 65536, Columns = 10;

    private Tensor input = null!;
    private Tensor second = null!;
    private Tensor target = null!;
    private Tensor signs = null!;
    private Tensor variance = null!;
    private MSELoss torchMse = null!;
    private ValidatedMSELoss validatedMse = null!;
    private SoftMarginLoss torchSoftMargin = null!;
    private ValidatedSoftMarginLoss validatedSoftMargin = null!;
    private MarginRankingLoss torchRanking = null!;
    private ValidatedMarginRankingLoss validatedRanking = null!;
    private GaussianNLLLoss torchGaussian = null!;
    private ValidatedGaussianNLLLoss validatedGaussian = null!;

    /// <summary>libtorch's threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        torch.manual_seed(20);
        input = randn(Rows, Columns).requires_grad_();
        second = randn(Rows, Columns).requires_grad_();
        target = randn(Rows, Columns);
        signs = randint(0, 2, new[] { Rows, Columns }).to_type(ScalarType.Float32) * 2 - 1;
        variance = (rand(Rows, Columns) + 0.1).requires_grad_();
        torchMse = nn.MSELoss();
        validatedMse = ValidatedLoss.MSELoss();
        torchSoftMargin = nn.SoftMarginLoss();
        validatedSoftMargin = ValidatedLoss.SoftMarginLoss();
        torchRanking = nn.MarginRankingLoss(0.5);
        validatedRanking = ValidatedLoss.MarginRankingLoss(0.5);
        torchGaussian = nn.GaussianNLLLoss(eps: 1e-6f);
        validatedGaussian = ValidatedLoss.GaussianNLLLoss(eps: 1e-6);
        ValidatedLoss.CheckValues = true;
    }

    [Benchmark(Baseline = true, Description = "TorchSharp MSELoss")]
    [BenchmarkCategory("MSELoss")]
    public void TorchSharpMse() => Backward(torchMse.forward(input, target));

    [Benchmark(Description = "ValidatedLoss.MSELoss")]
    [BenchmarkCategory("MSELoss")]
    public void ValidatedMse() => Backward(validatedMse.forward(input, target));

    [Benchmark(Description = "MSELoss checks alone")]
    [BenchmarkCategory("MSELoss")]
    public void MseChecks() => BroadcastChecks.CheckArguments("MSELoss", input, target);

    [Benchmark(Baseline = true, Description = "TorchSharp SoftMarginLoss")]
    [BenchmarkCategory("SoftMarginLoss")]
    public void TorchSharpSoftMargin() => Backward(torchSoftMargin.forward(input, signs));

    [Benchmark(Description = "ValidatedLoss.SoftMarginLoss (labels read)")]
    [BenchmarkCategory("SoftMarginLoss")]
    public void ValidatedSoftMargin() => Backward(validatedSoftMargin.forward(input, signs));

    [Benchmark(Description = "SoftMarginLoss checks alone")]
    [BenchmarkCategory("SoftMarginLoss")]
    public void SoftMarginChecks()
    {
        BroadcastChecks.CheckArguments("SoftMarginLoss", input, signs);
        SignLabelChecks.Check("SoftMarginLoss", signs, "");
    }

    [Benchmark(Baseline = true, Description = "TorchSharp MarginRankingLoss")]
    [BenchmarkCategory("MarginRankingLoss")]
    public void TorchSharpRanking() => Backward(torchRanking.forward(input, second, signs));

    [Benchmark(Description = "ValidatedLoss.MarginRankingLoss (labels read)")]
    [BenchmarkCategory("MarginRankingLoss")]
    public void ValidatedRanking() => Backward(validatedRanking.forward(input, second, signs));

    [Benchmark(Description = "MarginRankingLoss checks alone")]
    [BenchmarkCategory("MarginRankingLoss")]
    public void RankingChecks()
    {
        BroadcastChecks.Check("MarginRankingLoss", input, second, "input1", "input2", oneElementAllowed: false);
        BroadcastChecks.Check("MarginRankingLoss", input, signs, "input1", oneElementAllowed: false);
        SignLabelChecks.Check("MarginRankingLoss", signs, "");
    }

    [Benchmark(Baseline = true, Description = "TorchSharp GaussianNLLLoss")]
    [BenchmarkCategory("GaussianNLLLoss")]
    public void TorchSharpGaussian() => Backward(torchGaussian.forward(input, target, variance));

    [Benchmark(Description = "PyTorch's formula, unchecked")]
    [BenchmarkCategory("GaussianNLLLoss")]
    public void UncheckedGaussian() =>
        Backward(GaussianNllCompute.Compute(input, target, variance, unsqueeze: false, full: false, eps: 1e-6, nn.Reduction.Mean));

    [Benchmark(Description = "ValidatedLoss.GaussianNLLLoss")]
    [BenchmarkCategory("GaussianNLLLoss")]
    public void ValidatedGaussian() => Backward(validatedGaussian.forward(input, target, variance));

    [Benchmark(Description = "GaussianNLLLoss checks alone")]
    [BenchmarkCategory("GaussianNLLLoss")]
    public bool GaussianChecks()
    {
        BroadcastChecks.CheckArguments("GaussianNLLLoss", input, target);
        return VarianceChecks.Check(input, variance);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        ValidatedLoss.CheckValues = false;
        foreach (var module in new nn.Module[] { torchMse, validatedMse, torchSoftMargin, validatedSoftMargin, torchRanking, validatedRanking, torchGaussian, validatedGaussian })
            module.Dispose();
        foreach (var t in new[] { input, second, target, signs, variance }) t.Dispose();
    }

    private static void Backward(Tensor loss)
    {
        using (loss) loss.backward();
    }
}
