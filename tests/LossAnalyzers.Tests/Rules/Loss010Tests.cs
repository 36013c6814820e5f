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
    public Task Fix_writes_the_value_of_a_constant_local_declared_after_the_loss() => Verify.Fix<Loss010CodeFix>(
        "LOSS010",
        Verify.InMethod("""
            var criterion = BCEWithLogitsLoss(reduction: Reduction.None);
            var k = 25.0;
            var loss = criterion.forward(logits, y);
            {|LOSS010:loss[y == 1] *= k|};
            var mean = loss.mean();
            """),
        Verify.InMethod("""
            var criterion = BCEWithLogitsLoss(reduction: Reduction.Mean, pos_weights: torch.tensor(new float[] { 25f /* k */ }));
            var k = 25.0;
            var loss = criterion.forward(logits, y);
            var mean = loss.mean();
            """));

    [Fact]
    public Task Fix_moves_a_local_that_is_in_scope_and_assigned_once() => Verify.Fix<Loss010CodeFix>(
        "LOSS010",
        Verify.InMethod("""
            var k = (y.numel() - y.sum().item<float>()) / y.sum().item<float>();
            var criterion = BCEWithLogitsLoss(reduction: Reduction.None);
            var loss = criterion.forward(logits, y);
            var mean = {|LOSS010:torch.where(y == 1, loss * k, loss)|}.mean();
            """),
        Verify.InMethod("""
            var k = (y.numel() - y.sum().item<float>()) / y.sum().item<float>();
            var criterion = BCEWithLogitsLoss(reduction: Reduction.Mean, pos_weights: torch.tensor(new float[] { k }));
            var loss = criterion.forward(logits, y);
            var mean = loss.mean();
            """));

    [Fact]
    public Task No_fix_when_a_computed_local_is_declared_after_the_loss() => Verify.NoFix<Loss010CodeFix>(
        "LOSS010",
        Verify.InMethod("""
            var criterion = BCEWithLogitsLoss(reduction: Reduction.None);
            var k = (y.numel() - y.sum().item<float>()) / y.sum().item<float>();
            var loss = criterion.forward(logits, y);
            var mean = {|LOSS010:torch.where(y == 1, loss * k, loss)|}.mean();
            """));

    [Fact]
    public Task Fix_writes_the_value_of_a_readonly_field_into_a_field_initializer() => Verify.Fix<Loss010CodeFix>(
        "LOSS010",
        """
        sealed class Trainer
        {
            private readonly double posWeightFactor = 25;
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss(reduction: Reduction.None);

            public Tensor Step(Tensor logits, Tensor y)
            {
                var loss = criterion.forward(logits, y);
                {|LOSS010:loss[y == 1] *= posWeightFactor|};
                return loss.mean();
            }
        }
        """,
        """
        sealed class Trainer
        {
            private readonly double posWeightFactor = 25;
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss(reduction: Reduction.Mean, pos_weights: torch.tensor(new float[] { 25f /* posWeightFactor */ }));

            public Tensor Step(Tensor logits, Tensor y)
            {
                var loss = criterion.forward(logits, y);
                return loss.mean();
            }
        }
        """);

    [Fact]
    public Task No_fix_when_an_instance_field_set_in_the_constructor_would_move_into_a_field_initializer() => Verify.NoFix<Loss010CodeFix>(
        "LOSS010",
        """
        sealed class Trainer
        {
            private readonly double posWeightFactor;
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss(reduction: Reduction.None);

            public Trainer(double factor) => posWeightFactor = factor;

            public Tensor Step(Tensor logits, Tensor y)
            {
                var loss = criterion.forward(logits, y);
                {|LOSS010:loss[y == 1] *= posWeightFactor|};
                return loss.mean();
            }
        }
        """);

    [Fact]
    public Task Fix_moves_a_readonly_field_into_a_loss_built_in_a_method() => Verify.Fix<Loss010CodeFix>(
        "LOSS010",
        """
        sealed class Trainer
        {
            private readonly double posWeightFactor;

            public Trainer(double factor) => posWeightFactor = factor;

            public Tensor Step(Tensor logits, Tensor y)
            {
                var loss = BCEWithLogitsLoss(reduction: Reduction.None).forward(logits, y);
                {|LOSS010:loss[y == 1] *= posWeightFactor|};
                return loss.mean();
            }
        }
        """,
        """
        sealed class Trainer
        {
            private readonly double posWeightFactor;

            public Trainer(double factor) => posWeightFactor = factor;

            public Tensor Step(Tensor logits, Tensor y)
            {
                var loss = BCEWithLogitsLoss(reduction: Reduction.Mean, pos_weights: torch.tensor(new float[] { (float)(posWeightFactor) })).forward(logits, y);
                return loss.mean();
            }
        }
        """);

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
