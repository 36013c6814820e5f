using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS006: pos_weights length against the class dimension.</summary>
public sealed class Loss006Tests
{
    [Fact]
    public Task The_forum_case_two_weights_on_one_selected_column() => Verify.Diagnostics(
        "LOSS006",
        """
        sealed class TwoHeads
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(32, 64), ReLU(), Linear(64, 2));
            private readonly Tensor weight = torch.tensor(new double[] { 1.1734028683181226, 6.7669172932330826 });

            Tensor GetLoss(Tensor pred, Tensor label)
            {
                var criterion = BCEWithLogitsLoss(pos_weights: {|LOSS006:weight|});
                return criterion.forward(pred, label);
            }

            Tensor Step(Tensor x, Tensor labels1, Tensor labels2)
            {
                var infer = model.forward(x);
                var criterion = BCEWithLogitsLoss(pos_weights: {|LOSS006:weight|});
                return criterion.forward(infer[.., 0], labels1.to_type(ScalarType.Float64))
                       + 0.5 * criterion.forward(infer[.., 1], labels2.to_type(ScalarType.Float64));
            }
        }
        """.Replace("""
            Tensor GetLoss(Tensor pred, Tensor label)
            {
                var criterion = BCEWithLogitsLoss(pos_weights: {|LOSS006:weight|});
                return criterion.forward(pred, label);
            }

        """, ""));

    [Theory]
    [InlineData("var head = Linear(8, 3); BCEWithLogitsLoss(pos_weights: {|LOSS006:torch.tensor(new float[] { 2f, 3f })|}).forward(head.forward(x), y);")]
    [InlineData("var head = Linear(8, 1); BCEWithLogitsLoss(pos_weights: {|LOSS006:torch.tensor(new float[] { 1f, 5f })|}).forward(head.forward(x).squeeze(-1), y);")]
    [InlineData("var head = Linear(8, 1); functional.binary_cross_entropy_with_logits(head.forward(x), y, pos_weights: {|LOSS006:torch.ones(2)|});")]
    [InlineData("var model = Sequential((\"fc\", Linear(8, 4))); using var criterion = BCEWithLogitsLoss(pos_weights: {|LOSS006:torch.full(3, 2.0)|}); criterion.call(model.forward(x), y);")]
    [InlineData("var w = new float[] { 0.5f, 4f }; var criterion = nn.BCEWithLogitsLoss(null, Reduction.Mean, {|LOSS006:torch.tensor(w)|}); criterion.forward(Linear(8, 4).forward(x).select(-1, 0), y);")]
    public Task Reported_in_every_idiom(string body) => Verify.DiagnosticsInMethod("LOSS006", body);

    [Theory]
    [InlineData("var head = Linear(8, 2); BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 1f, 5f })).forward(head.forward(x), y);")]
    [InlineData("var head = Linear(8, 3); BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 4f })).forward(head.forward(x), y);")]
    [InlineData("var head = Linear(8, 1); BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 5f })).forward(head.forward(x).squeeze(-1), y);")]
    [InlineData("BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 1f, 5f })).forward(logits, y);")]
    [InlineData("var head = Linear(8, 1); BCEWithLogitsLoss(pos_weights: torch.tensor(0.25f)).forward(head.forward(x), y);")]
    [InlineData("var head = Linear(8, 1); BCEWithLogitsLoss(pos_weights: logits).forward(head.forward(x), y);")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS006", body);

    [Fact]
    public Task Fix_turns_two_class_weights_into_their_ratio() => Verify.Fix<Loss006CodeFix>(
        "LOSS006",
        Verify.InMethod("""
            var head = Linear(8, 1);
            var criterion = BCEWithLogitsLoss(pos_weights: {|LOSS006:torch.tensor(new float[] { 1.17f, 6.77f })|});
            var loss = criterion.forward(head.forward(x).squeeze(-1), y);
            """),
        Verify.InMethod("""
            var head = Linear(8, 1);
            var criterion = BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 5.786325f /* 6.77 / 1.17 */ }));
            var loss = criterion.forward(head.forward(x).squeeze(-1), y);
            """));

    [Fact]
    public Task Fix_keeps_a_weight_held_elsewhere_on_its_device() => Verify.Fix<Loss006CodeFix>(
        "LOSS006",
        """
        sealed class Trainer
        {
            private readonly Tensor weights = torch.tensor(new double[] { 2.0, 8.0 });
            Tensor Step(Tensor x, Tensor y) => functional.binary_cross_entropy_with_logits(Linear(4, 2).forward(x)[.., 0], y, pos_weights: {|LOSS006:weights|});
        }
        """,
        """
        sealed class Trainer
        {
            private readonly Tensor weights = torch.tensor(new double[] { 2.0, 8.0 });
            Tensor Step(Tensor x, Tensor y) => functional.binary_cross_entropy_with_logits(Linear(4, 2).forward(x)[.., 0], y, pos_weights: torch.tensor(new double[] { 4.0 /* 8 / 2 */ }, device: weights.device));
        }
        """);

    [Fact]
    public Task Fix_writes_the_ratio_in_place_of_an_array_local() => Verify.Fix<Loss006CodeFix>(
        "LOSS006",
        Verify.InMethod("""
            var classWeights = new float[] { 1f, 4f };
            var loss = BCEWithLogitsLoss(pos_weights: {|LOSS006:torch.tensor(classWeights)|}).forward(Linear(8, 1).forward(x).squeeze(-1), y);
            """),
        Verify.InMethod("""
            var classWeights = new float[] { 1f, 4f };
            var loss = BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 4f /* 4 / 1 */ })).forward(Linear(8, 1).forward(x).squeeze(-1), y);
            """));

    [Fact]
    public Task No_fix_when_the_same_criterion_also_takes_the_whole_two_output_head() => Verify.NoFix<Loss006CodeFix>(
        "LOSS006",
        Verify.InMethod("""
            var head = Linear(8, 2);
            var criterion = BCEWithLogitsLoss(pos_weights: {|LOSS006:torch.tensor(new float[] { 1.5f, 6f })|});
            var output = head.forward(x);
            var first = criterion.forward(output[.., 0], y[.., 0]);
            var both = criterion.forward(output, y);
            """));

    [Fact]
    public Task Fix_writes_a_fresh_tensor_for_a_computed_weight() => Verify.Fix<Loss006CodeFix>(
        "LOSS006",
        Verify.InMethod("""
            var criterion = BCEWithLogitsLoss(pos_weights: {|LOSS006:torch.full(2, 3.5f)|});
            var loss = criterion.forward(Linear(8, 1).forward(x).view(-1), y);
            """),
        Verify.InMethod("""
            var criterion = BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 1f /* 3.5 / 3.5 */ }));
            var loss = criterion.forward(Linear(8, 1).forward(x).view(-1), y);
            """));

    [Fact]
    public Task Fix_keeps_the_device_move_of_a_weight_built_in_place() => Verify.Fix<Loss006CodeFix>(
        "LOSS006",
        Verify.InMethod("""
            var criterion = BCEWithLogitsLoss(pos_weights: {|LOSS006:torch.tensor(new float[] { 1f, 3f }).to(x.device)|});
            var loss = criterion.forward(Linear(8, 1).forward(x).squeeze(1), y);
            """),
        Verify.InMethod("""
            var criterion = BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 3f /* 3 / 1 */ }).to(x.device));
            var loss = criterion.forward(Linear(8, 1).forward(x).squeeze(1), y);
            """));

    [Fact]
    public Task No_fix_for_a_multi_label_head_with_the_wrong_length() => Verify.NoFix<Loss006CodeFix>(
        "LOSS006",
        Verify.InMethod("BCEWithLogitsLoss(pos_weights: {|LOSS006:torch.tensor(new float[] { 2f, 3f })|}).forward(Linear(8, 3).forward(x), y);"));
}
