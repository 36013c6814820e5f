using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS009: integer or bool targets for BCE losses.</summary>
public sealed class Loss009Tests
{
    [Theory]
    [InlineData("BCEWithLogitsLoss().forward(logits, {|LOSS009:functional.one_hot(y, 2)|});")]
    [InlineData("BCEWithLogitsLoss().forward(logits, {|LOSS009:torch.tensor(new long[] { 0, 1, 1 })|});")]
    [InlineData("BCELoss().forward(torch.sigmoid(logits), {|LOSS009:torch.tensor(new int[] { 0, 1 })|});")]
    [InlineData("var t = torch.zeros(3, dtype: ScalarType.Int64); functional.binary_cross_entropy_with_logits(logits, {|LOSS009:t|});")]
    [InlineData("var t = y.@long(); nn.BCEWithLogitsLoss().call(logits, {|LOSS009:t.view(-1)|});")]
    [InlineData("functional.binary_cross_entropy(torch.sigmoid(logits), {|LOSS009:y.to_type(ScalarType.Int32)|});")]
    [InlineData("BCEWithLogitsLoss().forward(logits, {|LOSS009:y > 0|});")]
    [InlineData("BCEWithLogitsLoss().forward(logits, {|LOSS009:torch.randint(2, new long[] { 8 })|});")]
    [InlineData("BCEWithLogitsLoss().forward(logits, {|LOSS009:torch.ones(8, dtype: ScalarType.Bool)|});")]
    public Task Reported_on_the_target(string body) => Verify.DiagnosticsInMethod("LOSS009", body);

    [Theory]
    [InlineData("BCEWithLogitsLoss().forward(logits, y);")]
    [InlineData("BCEWithLogitsLoss().forward(logits, functional.one_hot(y, 2).to_type(ScalarType.Float32));")]
    [InlineData("BCEWithLogitsLoss().forward(logits, torch.tensor(new float[] { 0f, 1f }));")]
    [InlineData("BCEWithLogitsLoss().forward(logits, y.@long().@float());")]
    [InlineData("CrossEntropyLoss().forward(logits, torch.tensor(new long[] { 0, 2 }));")]
    [InlineData("BCEWithLogitsLoss().forward(logits, torch.zeros(3));")]
    [InlineData("NLLLoss().forward(logits, y.@long());")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS009", body);

    [Fact]
    public Task Fix_converts_the_target_to_float() => Verify.Fix<Loss009CodeFix>(
        "LOSS009",
        Verify.InMethod("""
            var a = BCEWithLogitsLoss().forward(logits, {|LOSS009:functional.one_hot(y, 2)|});
            var b = functional.binary_cross_entropy_with_logits(logits, {|LOSS009:y > 0|});
            """),
        Verify.InMethod("""
            var a = BCEWithLogitsLoss().forward(logits, functional.one_hot(y, 2).to_type(ScalarType.Float32));
            var b = functional.binary_cross_entropy_with_logits(logits, (y > 0).to_type(ScalarType.Float32));
            """));

    [Fact]
    public Task Fix_without_using_static_torch_qualifies_the_scalar_type() => Verify.Fix<Loss009CodeFix>(
        "LOSS009",
        """
        static class Plain
        {
            static TorchSharp.torch.Tensor Step(TorchSharp.torch.Tensor z, TorchSharp.torch.Tensor labels) =>
                TorchSharp.torch.nn.functional.binary_cross_entropy_with_logits(z, {|LOSS009:labels.@long()|});
        }
        """,
        """
        static class Plain
        {
            static TorchSharp.torch.Tensor Step(TorchSharp.torch.Tensor z, TorchSharp.torch.Tensor labels) =>
                TorchSharp.torch.nn.functional.binary_cross_entropy_with_logits(z, labels.@long().to_type(ScalarType.Float32));
        }
        """);

    [Fact]
    public Task Fix_gives_a_float64_model_a_float64_target() => Verify.Fix<Loss009CodeFix>(
        "LOSS009",
        Verify.InMethod("var loss = BCEWithLogitsLoss().forward(logits.@double(), {|LOSS009:y.@long()|});"),
        Verify.InMethod("var loss = BCEWithLogitsLoss().forward(logits.@double(), y.@long().to_type(ScalarType.Float64));"));
}
