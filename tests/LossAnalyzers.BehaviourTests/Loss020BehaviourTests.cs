using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS020 on TorchSharp. A margin ranking loss given 0/1 labels charges the rows labelled 0 the margin whatever the
/// scores, and gives them no gradient; after the fix (<c>2 * y - 1</c>) they rank. A multi-label soft margin loss given
/// ±1 labels goes below zero (it has no lower bound); after the fix (<c>(y + 1) / 2</c>) it is the loss of the 0/1 labels.
/// Every expected value is computed by hand.
/// </summary>
public sealed class Loss020BehaviourTests
{
    private static readonly float[] Left = { 0.2f, 0.8f, 0.5f, 0.1f };
    private static readonly float[] Right = { 0.6f, 0.3f, 0.4f, 0.9f };

    private readonly ITestOutputHelper output;

    public Loss020BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss020_rows_labelled_0_get_their_gradient_back_as_minus_1(FixMode mode)
    {
        var program = TestSources.Usings + $$"""
            public static class Program
            {
                private static Tensor Preferred(Tensor left, Tensor right) => (left > right).to_type(ScalarType.Float32);

                public static double[] Run()
                {
                    var left = torch.tensor({{TestData.Literal(Left)}}).requires_grad_();
                    var right = torch.tensor({{TestData.Literal(Right)}});
                    var loss = functional.margin_ranking_loss(left, right, Preferred(left, right), margin: 1.0);
                    loss.backward();
                    var grad = left.grad!;
                    return new double[] { loss.item<float>(), grad[0].item<float>(), grad[3].item<float>() };
                }
            }
            """;
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, CodeFixProviders.Require("LOSS020"), "LOSS020", "Program.Run", program);

        // max(0, -y (left - right) + margin), averaged; its gradient for left is -y / N where the hinge is active.
        double Loss(Func<int, double> label) => Enumerable.Range(0, 4).Average(i => Math.Max(0, -label(i) * (Left[i] - Right[i]) + 1.0));
        double Grad(Func<int, double> label, int i) => -label(i) * (Left[i] - Right[i]) + 1.0 > 0 ? -label(i) / 4 : 0;
        Func<int, double> flags = i => Left[i] > Right[i] ? 1 : 0;
        Func<int, double> signs = i => Left[i] > Right[i] ? 1 : -1;
        output.WriteLine($"by hand: 0/1 labels {Numbers.Format(Loss(flags))}, gradients of rows 0 and 3: {Grad(flags, 0)}, {Grad(flags, 3)}; ±1 labels {Numbers.Format(Loss(signs))}, {Grad(signs, 0)}, {Grad(signs, 3)}");
        Numbers.AssertRelativelyClose(new[] { Loss(flags), Grad(flags, 0), Grad(flags, 3) }, before, 1e-5, "0/1 labels");
        Assert.Equal(0, before[1]);
        Assert.Equal(0, before[2]);
        Numbers.AssertRelativelyClose(new[] { Loss(signs), Grad(signs, 0), Grad(signs, 3) }, after, 1e-5, "±1 labels, after the fix");
        Assert.Equal(0.25, after[1], 6);
    }

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss020_multi_label_soft_margin_is_bounded_again_with_0_1_labels(FixMode mode)
    {
        float[] logits = { 2f, -1f, -3f, 0.5f };
        float[] flags = { 1f, 0f, 0f, 1f };
        var program = TestSources.Usings + $$"""
            public static class Program
            {
                public static double[] Run()
                {
                    var logits = torch.tensor({{TestData.Literal(logits)}}).view(2, 2);
                    var flags = torch.tensor({{TestData.Literal(flags)}}).view(2, 2);
                    var signs = flags * 2 - 1;
                    var loss = functional.multilabel_soft_margin_loss(logits, signs);
                    return new double[] { loss.item<float>() };
                }
            }
            """;
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, CodeFixProviders.Require("LOSS020"), "LOSS020", "Program.Run", program);

        // -(y log sigmoid(x) + (1 - y) log sigmoid(-x)), averaged over classes and rows.
        static double LogSigmoid(double x) => -Math.Log(1 + Math.Exp(-x));
        double Loss(Func<int, double> label) => Enumerable.Range(0, 4).Average(i => -(label(i) * LogSigmoid(logits[i]) + (1 - label(i)) * LogSigmoid(-logits[i])));
        var withSigns = Loss(i => flags[i] * 2 - 1);
        var withFlags = Loss(i => flags[i]);
        output.WriteLine($"by hand: ±1 labels {Numbers.Format(withSigns)}, 0/1 labels {Numbers.Format(withFlags)}");
        Assert.True(withSigns < 0);
        Numbers.AssertRelativelyClose(withSigns, before[0], 1e-5, "±1 labels");
        Numbers.AssertRelativelyClose(withFlags, after[0], 1e-5, "0/1 labels, after the fix");
    }

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss020_a_comparison_given_to_the_hinge_embedding_loss_becomes_plus_minus_1(FixMode mode)
    {
        // The Bool target runs: hinge_embedding_loss takes both branches for a label that is neither 1 nor -1.
        // The fix gives an Int64 tensor of ±1, which the loss takes as it is.
        var program = TestSources.Usings + $$"""
            public static class Program
            {
                public static double[] Run()
                {
                    var distances = torch.tensor({{TestData.Literal(Left)}});
                    var reference = torch.tensor({{TestData.Literal(Right)}});
                    var loss = functional.hinge_embedding_loss(distances, distances > reference, margin: 1.0);
                    return new double[] { loss.item<float>() };
                }
            }
            """;
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, CodeFixProviders.Require("LOSS020"), "LOSS020", "Program.Run", program);

        // x for label 1, max(0, margin - x) for label -1, both for any other label; averaged.
        double Hinge(Func<int, double> label) => Enumerable.Range(0, 4).Average(i =>
            (label(i) != -1 ? Left[i] : 0) + (label(i) != 1 ? Math.Max(0, 1.0 - Left[i]) : 0));
        var asFlags = Hinge(i => Left[i] > Right[i] ? 1 : 0);
        var asSigns = Hinge(i => Left[i] > Right[i] ? 1 : -1);
        output.WriteLine($"by hand: 0/1 labels {Numbers.Format(asFlags)}, ±1 labels {Numbers.Format(asSigns)}");
        Numbers.AssertRelativelyClose(asFlags, before[0], 1e-5, "a Bool target");
        Numbers.AssertRelativelyClose(asSigns, after[0], 1e-5, "2 * (distances > reference) - 1, after the fix");
    }
}
