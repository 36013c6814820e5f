using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS010 (Info): positives of an unreduced BCE loss re-weighted by hand.</summary>
public sealed class Loss010Tests
{
    [Fact]
    public Task The_forum_event_detection_case() => Verify.Diagnostics(
        "LOSS010",
        """
        sealed class EventDetection
        {
            private const float PositiveWeight = 100f;
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(3, 1), Sigmoid());
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCELoss(reduction: Reduction.None);

            public Tensor Step(Tensor series, Tensor target)
            {
                var predictions = model.forward(series).squeeze(-1);
                var lossGet = criterion.forward(predictions.@float(), target.@float());
                var lossFlat = lossGet.flatten();
                var targetFlat = target.flatten();
                {|LOSS010:lossFlat[targetFlat == 1] *= PositiveWeight|};
                var loss = lossFlat.mean();
                loss.backward();
                return loss;
            }
        }
        """);

    [Theory]
    [InlineData("var loss = BCEWithLogitsLoss(reduction: Reduction.None).forward(logits, y); var w = {|LOSS010:torch.where(y == 1, loss * 5, loss)|}.mean();")]
    [InlineData("var loss = functional.binary_cross_entropy_with_logits(logits, y, reduction: Reduction.None); var w = {|LOSS010:torch.where(y.eq(1), 5.0 * loss, loss)|}.sum();")]
    [InlineData("var loss = BCEWithLogitsLoss(reduction: Reduction.None).forward(logits, y); var w = ({|LOSS010:loss * (1 + (K - 1) * y)|}).mean();")]
    [InlineData("var loss = nn.BCELoss(null, Reduction.None).forward(torch.sigmoid(logits), y); var w = ({|LOSS010:(1 + 9 * y) * loss|}).mean();")]
    [InlineData("var loss = BCEWithLogitsLoss(reduction: Reduction.None).forward(logits, y.view(-1)); {|LOSS010:loss[y.view(-1) == 1] *= 3f|};")]
    public Task Reported_on_the_weighting(string body) => Verify.DiagnosticsInMethod("LOSS010", body, "const double K = 10;");

    [Theory]
    [InlineData("var loss = BCEWithLogitsLoss().forward(logits, y); var w = torch.where(y == 1, loss * 5, loss);")]
    [InlineData("var loss = BCEWithLogitsLoss(reduction: Reduction.None).forward(logits, y); var w = torch.where(x == 1, loss * 5, loss);")]
    [InlineData("var loss = BCEWithLogitsLoss(reduction: Reduction.None).forward(logits, y); var w = torch.where(y == 0, loss * 5, loss);")]
    [InlineData("var loss = BCEWithLogitsLoss(reduction: Reduction.None).forward(logits, y); var w = (loss * 2).mean();")]
    [InlineData("var loss = CrossEntropyLoss(reduction: Reduction.None).forward(logits, y); loss[y == 1] *= 4;")]
    [InlineData("var loss = BCEWithLogitsLoss(reduction: Reduction.None).forward(logits, y); var w = loss * (1 + 3 * x);")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS010", body);

    [Fact]
    public Task Fix_folds_the_masked_factor_into_pos_weights() => Verify.Fix<Loss010CodeFix>(
        "LOSS010",
        """
        sealed class EventDetection
        {
            private const float PositiveWeight = 100f;
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(3, 1));
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss(reduction: Reduction.None);

            public Tensor Step(Tensor series, Tensor target)
            {
                var scores = model.forward(series).squeeze(-1);
                var lossGet = criterion.forward(scores, target);
                var lossFlat = lossGet.flatten();
                var targetFlat = target.flatten();
                {|LOSS010:lossFlat[targetFlat == 1] *= PositiveWeight|};
                var loss = lossFlat.mean();
                return loss;
            }
        }
        """,
        """
        sealed class EventDetection
        {
            private const float PositiveWeight = 100f;
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(3, 1));
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss(reduction: Reduction.Mean, pos_weights: torch.tensor(new float[] { 100f }));

            public Tensor Step(Tensor series, Tensor target)
            {
                var scores = model.forward(series).squeeze(-1);
                var lossGet = criterion.forward(scores, target);
                var lossFlat = lossGet.flatten();
                var targetFlat = target.flatten();
                var loss = lossFlat.mean();
                return loss;
            }
        }
        """);

    [Fact]
    public Task Fix_for_where_and_blend_forms_with_sum_and_mean() => Verify.Fix<Loss010CodeFix>(
        "LOSS010",
        Verify.InMethod("""
            var loss = functional.binary_cross_entropy_with_logits(logits, y, reduction: Reduction.None);
            var total = {|LOSS010:torch.where(y == 1, loss * 5, loss)|}.sum();
            var other = new BCEWithLogitsLoss(null, Reduction.None, null).forward(logits, y);
            var weighted = {|LOSS010:other * (1 + (K - 1) * y)|};
            var mean = weighted.mean();
            """, "const double K = 10;"),
        Verify.InMethod("""
            var loss = functional.binary_cross_entropy_with_logits(logits, y, reduction: Reduction.Sum, pos_weights: torch.tensor(new float[] { 5f }));
            var total = loss.sum();
            var other = new BCEWithLogitsLoss(null, Reduction.Mean, torch.tensor(new float[] { 10f })).forward(logits, y);
            var weighted = other;
            var mean = weighted.mean();
            """, "const double K = 10;"));

    [Fact]
    public Task No_fix_when_the_per_element_losses_are_also_used_elsewhere() => Verify.NoFix<Loss010CodeFix>(
        "LOSS010",
        Verify.InMethod("""
            var loss = BCEWithLogitsLoss(reduction: Reduction.None).forward(logits, y);
            var report = loss.max();
            var mean = {|LOSS010:torch.where(y == 1, loss * 5, loss)|}.mean();
            """));

    [Fact]
    public Task No_fix_on_BCELoss_which_has_no_pos_weights() => Verify.NoFix<Loss010CodeFix>(
        "LOSS010",
        Verify.InMethod("""
            var loss = BCELoss(reduction: Reduction.None).forward(torch.sigmoid(logits), y);
            var mean = {|LOSS010:torch.where(y == 1, loss * 5, loss)|}.mean();
            """));
}
