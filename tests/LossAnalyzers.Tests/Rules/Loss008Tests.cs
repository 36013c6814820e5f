using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS008: zero, negative, NaN or infinite literal weights.</summary>
public sealed class Loss008Tests
{
    [Theory]
    [InlineData("CrossEntropyLoss(weight: {|LOSS008:torch.tensor(new float[] { 1f, 0f, 2f })|}).forward(logits, y);")]
    [InlineData("BCEWithLogitsLoss(pos_weights: {|LOSS008:torch.tensor(-3f)|}).forward(logits, y);")]
    [InlineData("NLLLoss({|LOSS008:torch.tensor(new double[] { 1.0, double.NaN })|}).call(logits, y);")]
    [InlineData("var criterion = nn.BCELoss(weight: {|LOSS008:torch.tensor(new float[] { float.PositiveInfinity, 1f })|}); criterion.forward(x, y);")]
    [InlineData("var w = new float[] { 1f, 0f }; functional.cross_entropy(logits, y, {|LOSS008:torch.tensor(w)|});")]
    [InlineData("functional.binary_cross_entropy_with_logits(logits, y, pos_weights: {|LOSS008:torch.zeros(1)|});")]
    [InlineData("using var criterion = new CrossEntropyLoss({|LOSS008:torch.full(3, -1.0)|}, null, Reduction.Mean, 0.0); criterion.forward(logits, y);")]
    public Task Reported_on_the_weight(string body) => Verify.DiagnosticsInMethod("LOSS008", body);

    [Theory]
    [InlineData("BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 0.25f }));")]
    [InlineData("CrossEntropyLoss(weight: torch.tensor(new float[] { 1f, 0.5f, 2f }));")]
    [InlineData("CrossEntropyLoss(weight: logits);")]
    [InlineData("var w = new float[] { 1f, 0f }; w[1] = 2f; CrossEntropyLoss(weight: torch.tensor(w));")]
    [InlineData("BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 1f, 1e-3f }));")]
    [InlineData("MSELoss().forward(torch.zeros(1), torch.zeros(1));")]
    [InlineData("var neverCalled = CrossEntropyLoss(weight: torch.tensor(new float[] { 1f, 0f, 2f }));")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS008", body);

    [Fact]
    public Task Reported_once_for_a_loss_used_in_several_places() => Verify.Diagnostics(
        "LOSS008",
        """
        sealed class Loop
        {
            private readonly Loss<Tensor, Tensor, Tensor> criterion = CrossEntropyLoss(weight: {|LOSS008:torch.tensor(new float[] { 0f, 1f })|});
            Tensor Train(Tensor x, Tensor y) => criterion.forward(x, y);
            Tensor Validate(Tensor x, Tensor y) => criterion.forward(x, y);
        }
        """);

    [Fact]
    public Task Reported_on_a_loss_returned_by_a_public_factory_that_leaves_the_compilation() => Verify.Diagnostics(
        "LOSS008",
        """
        public class Losses
        {
            public static Loss<Tensor, Tensor, Tensor> NoPositives() => BCEWithLogitsLoss(pos_weights: {|LOSS008:torch.tensor(new float[] { 0f })|});
            protected static Loss<Tensor, Tensor, Tensor> Negative => CrossEntropyLoss(weight: {|LOSS008:torch.tensor(new float[] { -1f, 1f })|});
            public static readonly Loss<Tensor, Tensor, Tensor> Stored = NLLLoss({|LOSS008:torch.tensor(new float[] { 0f, 1f })|});
        }
        """);

    [Fact]
    public Task Not_reported_on_a_private_factory_that_is_never_called() => Verify.Diagnostics(
        "LOSS008",
        """
        public static class Losses
        {
            private static Loss<Tensor, Tensor, Tensor> NoPositives() => BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 0f }));
            internal static Loss<Tensor, Tensor, Tensor> Unused() => CrossEntropyLoss(weight: torch.tensor(new float[] { -1f, 1f }));
        }
        """);
}
