using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime.Tests;

/// <summary>
/// Valid arguments give TorchSharp's results: the loss and the input's gradient of <c>torch.nn.BCEWithLogitsLoss</c>,
/// within 1e-5 relative, through whatever the compute seam runs (libtorch or the fused kernel), module and
/// functional form alike.
/// </summary>
public class ResultTests
{
    public sealed record Case(string Name, Func<Tensor> Input, Func<Tensor> Target, Func<Tensor?> Weight, Func<Tensor?> PosWeights)
    {
        public override string ToString() => Name;
    }

    private static Func<Tensor> Logits(params long[] shape) => () => randn(shape) * 3;
    private static Func<Tensor> Labels(params long[] shape) => () => rand(shape).round();
    private static Func<Tensor?> Values(params float[] v) => () => tensor(v);
    private static readonly Func<Tensor?> None_ = () => null;

    private static readonly Case[] Cases =
    {
        new("[37], no weights", Logits(37), Labels(37), None_, None_),
        new("[37], pos_weights [1]", Logits(37), Labels(37), None_, Values(2.5f)),
        new("[37], scalar pos_weights", Logits(37), Labels(37), None_, () => tensor(2.5f)),
        new("[37], pos_weights below 1", Logits(37), Labels(37), None_, Values(0.2f)),
        new("[37, 1], pos_weights [1]", Logits(37, 1), Labels(37, 1), None_, Values(4f)),
        new("[37], per-sample weight", Logits(37), Labels(37), () => rand(37) + 0.1, Values(3f)),
        new("[37], scalar weight", Logits(37), Labels(37), () => tensor(0.7f), Values(3f)),
        new("[16, 3], pos_weights [3]", Logits(16, 3), Labels(16, 3), None_, Values(9f, 4f, 1.5f)),
        new("[16, 3], weight [3], pos_weights [3]", Logits(16, 3), Labels(16, 3), Values(1f, 2f, 0.5f), Values(9f, 4f, 1.5f)),
        new("[16, 3], weight [16, 1]", Logits(16, 3), Labels(16, 3), () => rand(16, 1) + 0.1, Values(2f)),
        new("[16, 3], weight [16, 3]", Logits(16, 3), Labels(16, 3), () => rand(16, 3) + 0.1, None_),
        new("[4, 5, 3], pos_weights [3]", Logits(4, 5, 3), Labels(4, 5, 3), None_, Values(9f, 4f, 1.5f)),
        new("[37], soft targets", Logits(37), () => rand(37), None_, Values(2f)),
        new("[8], logits of +-1e4", () => tensor(new[] { 1e4f, -1e4f, 1e4f, -1e4f, 0f, 30f, -30f, 1e-4f }),
            () => tensor(new[] { 1f, 1f, 0f, 0f, 1f, 0f, 1f, 0f }), None_, Values(3f)),
        new("[6], NaN in", () => tensor(new[] { 1f, float.NaN, -2f, 0.5f, 3f, -1f }), Labels(6), None_, Values(2f)),
        new("[70000] (parallel size), pos_weights [1]", Logits(70000), Labels(70000), None_, Values(99f)),
        new("[1 << 20], pos_weights [1]", Logits(1 << 20), Labels(1 << 20), None_, Values(7f)),
        new("[37] float64", () => randn(37, dtype: ScalarType.Float64) * 3, () => rand(37, dtype: ScalarType.Float64).round(), None_,
            () => tensor(new[] { 2.5 })),
        new("[37] float32 input, float64 target", Logits(37), () => rand(37, dtype: ScalarType.Float64).round(), None_, Values(2.5f)),
        new("[37] float32 input, float64 pos_weights", Logits(37), Labels(37), None_, () => tensor(new[] { 2.5 })),
        new("[16, 3] transposed (not contiguous)", () => (randn(3, 16) * 3).t(), () => rand(3, 16).round().t(), None_, Values(9f, 4f, 1.5f)),
        new("[0], empty", Logits(0), Labels(0), None_, Values(2f)),
    };

    public static TheoryData<Case, Reduction> CasesAndReductions()
    {
        var data = new TheoryData<Case, Reduction>();
        foreach (var c in Cases)
            foreach (var r in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
                data.Add(c, r);
        return data;
    }

    private static (Tensor input, Tensor target, Tensor? weight, Tensor? posWeights) Make(Case c)
    {
        // The same numbers for every reduction and form of one case.
        manual_seed(c.Name.Length * 7919L + c.Name[0]);
        return (c.Input(), c.Target(), c.Weight(), c.PosWeights());
    }

    [Theory]
    [MemberData(nameof(CasesAndReductions))]
    public void LossEqualsTorchSharps(Case c, Reduction reduction)
    {
        var (input, target, weight, posWeights) = Make(c);
        using var expected = functional.binary_cross_entropy_with_logits(input, target, weight, reduction, posWeights);

        using var module = ValidatedLoss.BCEWithLogitsLoss(weight, reduction, posWeights);
        using var fromModule = module.forward(input, target);
        using var fromFunctional = ValidatedLoss.binary_cross_entropy_with_logits(input, target, weight, reduction, posWeights);

        Close.Equal(expected, fromModule);
        Close.Equal(expected, fromFunctional);
    }

    [Theory]
    [MemberData(nameof(CasesAndReductions))]
    public void GradientEqualsTorchSharps(Case c, Reduction reduction)
    {
        var (input, target, weight, posWeights) = Make(c);

        using var reference = input.detach().clone().requires_grad_(true);
        using var expectedLoss = functional.binary_cross_entropy_with_logits(reference, target, weight, reduction, posWeights);
        Backward(expectedLoss);

        using var leaf = input.detach().clone().requires_grad_(true);
        using var module = ValidatedLoss.BCEWithLogitsLoss(weight, reduction, posWeights);
        using var loss = module.forward(leaf, target);
        Backward(loss);

        Close.Equal(expectedLoss, loss);
        Close.Gradient(reference.grad!, leaf.grad!);

        using var functionalLeaf = input.detach().clone().requires_grad_(true);
        using var functionalLoss = ValidatedLoss.binary_cross_entropy_with_logits(functionalLeaf, target, weight, reduction, posWeights);
        Backward(functionalLoss);
        Close.Gradient(reference.grad!, functionalLeaf.grad!);
    }

    private static void Backward(Tensor loss)
    {
        if (loss.dim() == 0) loss.backward();
        else
        {
            // Reduction.None: a fixed, uneven upstream gradient, so that a gradient ignoring it would not pass.
            using var upstream = linspace(0.5, 1.5, loss.numel(), dtype: loss.dtype).reshape(loss.shape);
            loss.backward(new[] { upstream });
        }
    }

    [Fact]
    public void GradientFlowsIntoTheModelThroughTheLoss()
    {
        manual_seed(42);
        var model = Linear(4, 1);
        var features = randn(32, 4);
        var labels = rand(32).round();
        using var criterion = ValidatedLoss.BCEWithLogitsLoss(pos_weights: tensor(new[] { 3f }));
        using var loss = criterion.forward(model.forward(features).squeeze(-1), labels);
        loss.backward();
        var ours = model.weight!.grad!.clone();

        model.zero_grad();
        using var expected = BCEWithLogitsLoss(pos_weights: tensor(new[] { 3f })).forward(model.forward(features).squeeze(-1), labels);
        expected.backward();
        Close.Gradient(model.weight!.grad!, ours);
    }

    [Fact]
    public void TheModuleIsALossAndCallRunsForward()
    {
        Loss<Tensor, Tensor, Tensor> criterion = ValidatedLoss.BCEWithLogitsLoss(pos_weights: tensor(new[] { 2f }));
        var logits = tensor(new[] { 5f, -5f, -5f, -5f });
        var targets = tensor(new[] { 1f, 1f, 0f, 0f });
        // The forum thread's example: 2.5101 with pos_weight 2.
        Assert.Equal(2.5101, criterion.call(logits, targets).item<float>(), 4);
        Assert.Equal(Reduction.Mean, criterion.reduction);
        criterion.Dispose();
    }

    [Fact]
    public void TheModuleKeepsTheWeightsItWasGiven()
    {
        var weight = ones(3);
        var posWeights = tensor(2f);
        using var criterion = ValidatedLoss.BCEWithLogitsLoss(weight, Reduction.Sum, posWeights);
        Assert.Same(weight, criterion.weight);
        Assert.Same(posWeights, criterion.pos_weights);
        Assert.Equal(Reduction.Sum, criterion.reduction);
    }

    [Fact]
    public void ALossBuiltInADisposeScopeOutlivesIt()
    {
        // A scalar pos_weights is kept as a one-element view; the caller's scope must not take it with it.
        ValidatedBCEWithLogitsLoss criterion;
        var posWeights = tensor(3f);
        using (NewDisposeScope())
            criterion = ValidatedLoss.BCEWithLogitsLoss(pos_weights: posWeights);
        var logits = tensor(new[] { 2f, -1f });
        var targets = tensor(new[] { 1f, 0f });
        using var expected = BCEWithLogitsLoss(pos_weights: tensor(new[] { 3f })).forward(logits, targets);
        Close.Equal(expected, criterion.forward(logits, targets));
        criterion.Dispose();
    }
}
