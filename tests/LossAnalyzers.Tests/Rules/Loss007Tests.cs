using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS007: a per-class vector as BCE weight on a single-label binary input.</summary>
public sealed class Loss007Tests
{
    [Theory]
    [InlineData("BCEWithLogitsLoss(weight: {|LOSS007:torch.tensor(new float[] { 1f, 5f })|}).forward(Linear(8, 1).forward(x).squeeze(-1), y);")]
    [InlineData("BCEWithLogitsLoss({|LOSS007:torch.tensor(new float[] { 1f, 5f })|}).forward(Linear(8, 1).forward(x), y);")]
    [InlineData("functional.binary_cross_entropy_with_logits(Linear(8, 2).forward(x)[.., 1], y, {|LOSS007:torch.tensor(new[] { 0.6, 2.5 })|});")]
    [InlineData("var w = torch.tensor(new float[] { 1f, 9f }); using var criterion = nn.BCELoss(weight: {|LOSS007:w|}); criterion.forward(Sequential(Linear(8, 1), Sigmoid()).forward(x).view(-1), y);")]
    [InlineData("functional.binary_cross_entropy(torch.sigmoid(Linear(8, 1).forward(x)), y, {|LOSS007:torch.ones(2)|});")]
    public Task Reported_in_every_idiom(string body) => Verify.DiagnosticsInMethod("LOSS007", body);

    [Theory]
    [InlineData("BCEWithLogitsLoss(weight: torch.tensor(new float[] { 1f, 5f })).forward(Linear(8, 2).forward(x), y);")]
    [InlineData("BCEWithLogitsLoss(weight: torch.tensor(new float[] { 3f })).forward(Linear(8, 1).forward(x).squeeze(-1), y);")]
    [InlineData("BCEWithLogitsLoss(weight: logits).forward(Linear(8, 1).forward(x).squeeze(-1), y);")]
    [InlineData("BCEWithLogitsLoss(weight: torch.tensor(new float[] { 1f, 5f })).forward(logits, y);")]
    [InlineData("BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 5f })).forward(Linear(8, 1).forward(x).squeeze(-1), y);")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS007", body);

    [Fact]
    public Task Fix_moves_the_weights_to_pos_weights_on_BCEWithLogitsLoss() => Verify.Fix<Loss007CodeFix>(
        "LOSS007",
        Verify.InMethod("""
            var a = BCEWithLogitsLoss({|LOSS007:torch.tensor(new float[] { 2f, 6f })|}, Reduction.Sum).forward(Linear(8, 1).forward(x), y);
            var b = functional.binary_cross_entropy_with_logits(Linear(8, 1).forward(x).squeeze(-1), y, weight: {|LOSS007:torch.tensor(new float[] { 1f, 3f })|});
            """),
        Verify.InMethod("""
            var a = BCEWithLogitsLoss(reduction: Reduction.Sum, pos_weights: torch.tensor(new float[] { 3f /* 6 / 2 */ })).forward(Linear(8, 1).forward(x), y);
            var b = functional.binary_cross_entropy_with_logits(Linear(8, 1).forward(x).squeeze(-1), y, pos_weights: torch.tensor(new float[] { 3f /* 3 / 1 */ }));
            """));

    [Fact]
    public Task Fix_on_BCELoss_comes_with_the_LOSS001_conversion() => Verify.Fix<Loss007CodeFix>(
        "LOSS007",
        """
        sealed class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(8, 1), Sigmoid());
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCELoss(weight: {|LOSS007:torch.tensor(new float[] { 1f, 4f })|});
            Tensor Step(Tensor x, Tensor y) => criterion.forward(model.forward(x).view(-1), y);
        }
        """,
        """
        sealed class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(8, 1));
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 4f /* 4 / 1 */ }));
            Tensor Step(Tensor x, Tensor y) => criterion.forward(model.forward(x).view(-1), y);
        }
        """);

    [Fact]
    public Task No_fix_on_BCELoss_without_a_visible_sigmoid() => Verify.NoFix<Loss007CodeFix>(
        "LOSS007",
        """
        sealed class Trainer
        {
            Tensor Step(Tensor x, Tensor y) => BCELoss(weight: {|LOSS007:torch.tensor(new float[] { 1f, 4f })|}).forward(Linear(8, 1).forward(x).squeeze(-1), y);
        }
        """);
}
