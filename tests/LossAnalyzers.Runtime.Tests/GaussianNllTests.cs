using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime.Tests;

/// <summary>
/// GaussianNLLLoss with PyTorch's semantics (LOSS023): the loss and both gradients equal PyTorch's formula computed by
/// hand in float64, the variance clamped at eps for the value only; its shapes and sign are checked; eps has no
/// default (LOSS022).
/// </summary>
public class GaussianNllTests
{
    private const int Rows = 6, Features = 3;
    private const double Eps = 1e-6;

    private static readonly double[] X = { 0.3, -1.2, 2.0, 0.0, 0.7, -0.4, 1.5, 1.1, -2.2, 0.05, 0.9, -0.6, 3.0, -0.1, 0.2, 0.8, -1.0, 0.4 };
    private static readonly double[] Y = { 0.1, -1.0, 1.0, 0.5, 0.6, -0.4, 1.0, 1.3, -2.0, 0.0, 1.4, -0.2, 2.0, 0.3, 0.2, 1.0, -1.5, 0.1 };

    // Per element: some far below eps (clamped), one exactly eps, one 0, the rest ordinary.
    private static readonly double[] VarPerElement = { 0.5, 1e-9, 2.0, 0.0, 0.1, 1e-6, 0.25, 3.0, 1e-8, 0.7, 0.05, 1.5, 4.0, 0.3, 2e-7, 0.9, 0.6, 0.02 };
    private static readonly double[] VarPerRow = { 0.5, 1e-9, 2.0, 0.0, 0.3, 1.2 };

    public static TheoryData<string, Reduction, bool> Cases()
    {
        var data = new TheoryData<string, Reduction, bool>();
        foreach (var shape in new[] { "[6, 3]", "[6, 1]", "[6]" })
            foreach (var r in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
                foreach (var full in new[] { false, true })
                    data.Add(shape, r, full);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LossAndBothGradientsArePyTorchsFormula(string varianceShape, Reduction reduction, bool full)
    {
        var perElement = varianceShape == "[6, 3]";
        var varValues = perElement ? VarPerElement : VarPerRow;
        long[] shape = varianceShape switch { "[6, 3]" => new long[] { Rows, Features }, "[6, 1]" => new long[] { Rows, 1 }, _ => new long[] { Rows } };
        var input = tensor(X, ScalarType.Float64).reshape(Rows, Features).requires_grad_();
        var target = tensor(Y, ScalarType.Float64).reshape(Rows, Features);
        var variance = tensor(varValues, ScalarType.Float64).reshape(shape).requires_grad_();

        var loss = reduction == Reduction.Mean && !full
            ? ValidatedLoss.GaussianNLLLoss(Eps).forward(input, target, variance)
            : ValidatedLoss.gaussian_nll_loss(input, target, variance, full, Eps, reduction);
        loss.sum().backward();

        // PyTorch's formula, element by element: v = max(var, eps); 0.5 (log v + d^2 / v) (+ 0.5 log 2 pi); the gradient
        // goes through the clamp as the identity (PyTorch clamps a clone in place under no_grad).
        var losses = new double[X.Length];
        var gradInput = new double[X.Length];
        var gradVar = new double[varValues.Length];
        var scale = reduction == Reduction.Mean ? 1.0 / X.Length : 1.0;
        for (var k = 0; k < X.Length; k++)
        {
            var j = perElement ? k : k / Features;
            var v = Math.Max(varValues[j], Eps);
            var d = X[k] - Y[k];
            losses[k] = 0.5 * (Math.Log(v) + d * d / v) + (full ? 0.5 * Math.Log(2 * Math.PI) : 0);
            gradInput[k] = d / v * scale;
            gradVar[j] += 0.5 * (1 / v - d * d / (v * v)) * scale;
        }

        var expected = reduction switch
        {
            Reduction.Mean => tensor(losses.Sum() / losses.Length, ScalarType.Float64),
            Reduction.Sum => tensor(losses.Sum(), ScalarType.Float64),
            _ => tensor(losses, ScalarType.Float64).reshape(Rows, Features),
        };
        Close.Equal(expected, loss, 1e-6, 0);
        Close.Equal(tensor(gradInput, ScalarType.Float64).reshape(Rows, Features), input.grad!, 1e-6, 0);
        Assert.NotNull(variance.grad);
        Close.Equal(tensor(gradVar, ScalarType.Float64).reshape(shape), variance.grad!, 1e-6, 0);
    }

    [Fact]
    public void Float32FollowsTheFloat64Formula()
    {
        manual_seed(23);
        var mean = randn(64, 4, dtype: ScalarType.Float64);
        var target = randn(64, 4, dtype: ScalarType.Float64);
        var variance = rand(64, 4, dtype: ScalarType.Float64) + 0.01;
        var expected = ValidatedLoss.gaussian_nll_loss(mean, target, variance, full: true, eps: Eps);
        var actual = ValidatedLoss.GaussianNLLLoss(full: true, eps: Eps).forward(mean.to_type(ScalarType.Float32), target.to_type(ScalarType.Float32), variance.to_type(ScalarType.Float32));
        Close.Equal(expected.to_type(ScalarType.Float32), actual);
    }

    [Fact]
    public void ANegativeVarianceNamesItsFirstPositionAndValue()
    {
        var variance = ones(4, 3);
        variance[2, 1] = tensor(-0.5f);
        variance[3, 0] = tensor(-2f);
        var e = Throws.Validation("LOSS023", () => ValidatedLoss.GaussianNLLLoss(1e-6).forward(randn(4, 3), randn(4, 3), variance),
            "The variance is -0.5 at position [2, 1] (2 of its 12 elements are negative)", "A variance is never negative", "softplus(raw) or exp(log_variance)");
        Assert.Equal("variance", e.ParamName);
        Throws.Validation("LOSS023", () => ValidatedLoss.gaussian_nll_loss(randn(4, 3), randn(4, 3), -ones(4, dtype: ScalarType.Float64).to_type(ScalarType.Float32), 1e-6),
            "The variance is -1 at position 0 (4 of its 4 elements are negative)");
        // The tail after the last full vector and a non-contiguous variance are read as well.
        var tail = ones(37);
        tail[36] = tensor(-1f);
        Throws.Validation("LOSS023", () => ValidatedLoss.gaussian_nll_loss(randn(37), randn(37), tail, 1e-6), "The variance is -1 at position 36");
        var strided = ones(3, 4);
        strided[1, 2] = tensor(-3f);
        Throws.Validation("LOSS023", () => ValidatedLoss.gaussian_nll_loss(randn(4, 3), randn(4, 3), strided.t(), 1e-6), "The variance is -3 at position [2, 1]");
    }

    [Fact]
    public void VarianceShapesArePyTorchs()
    {
        Throws.Validation("LOSS023", () => ValidatedLoss.gaussian_nll_loss(randn(6, 3), randn(6, 3), ones(6, 2), 1e-6),
            "The variance has shape [6, 2], but for an input of shape [6, 3] GaussianNLLLoss takes a variance of shape [6, 3] (one per element), [6, 1] or [6]");
        Throws.Validation("LOSS023", () => ValidatedLoss.gaussian_nll_loss(randn(6, 3), randn(6, 3), ones(3), 1e-6), "The variance has shape [3]");
        Throws.Validation("LOSS023", () => ValidatedLoss.gaussian_nll_loss(randn(6, 3), randn(6, 3), ones(6, 3, dtype: ScalarType.Int64), 1e-6),
            "The variance is Int64", "variance.to_type(ScalarType.Float32)");
        Throws.Validation("LOSS019", () => ValidatedLoss.GaussianNLLLoss(1e-6).forward(randn(6, 1), randn(6), ones(6, 1)),
            "The input has shape [6, 1] but the target has shape [6].", "broadcasts them to [6, 6]", "input.squeeze(-1)");
    }

    [Fact]
    public void EpsHasNoDefaultAndMustBeNonNegative()
    {
        foreach (var name in new[] { nameof(ValidatedLoss.GaussianNLLLoss), nameof(ValidatedLoss.gaussian_nll_loss) })
            foreach (var method in typeof(ValidatedLoss).GetMethods().Where(m => m.Name == name))
                Assert.False(method.GetParameters().Single(p => p.Name == "eps").HasDefaultValue);
        Assert.Throws<ArgumentOutOfRangeException>(() => ValidatedLoss.GaussianNLLLoss(-1e-6));
        Assert.Throws<ArgumentOutOfRangeException>(() => ValidatedLoss.gaussian_nll_loss(randn(3), randn(3), ones(3), double.NaN));
        var module = ValidatedLoss.GaussianNLLLoss(full: true, eps: 1e-4, reduction: Reduction.Sum);
        Assert.True(module.full);
        Assert.Equal(1e-4, module.eps);
    }

    [Fact]
    public void TorchSharpsOwnLossIsNotWhatItReturns()
    {
        // Why the loss is computed here: TorchSharp 0.107 sums over the features and gives the variance no gradient.
        var input = tensor(X, ScalarType.Float64).reshape(Rows, Features);
        var target = tensor(Y, ScalarType.Float64).reshape(Rows, Features);
        var variance = (rand(Rows, Features, dtype: ScalarType.Float64) + 0.5).requires_grad_();
        var theirs = functional.gaussian_nll_loss(input, target, variance, eps: 1e-6f);
        var ours = ValidatedLoss.gaussian_nll_loss(input, target, variance, 1e-6);
        Assert.NotEqual(theirs.item<double>(), ours.item<double>(), 6);
        ours.backward();
        Assert.NotNull(variance.grad);
    }
}
