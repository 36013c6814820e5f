using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS022: a loss parameter left to a TorchSharp default that PyTorch and another TorchSharp form do not share.</summary>
public sealed class Loss022Tests
{
    [Theory]
    [InlineData("{|LOSS022:functional.hinge_embedding_loss(x, y)|};")]
    [InlineData("{|LOSS022:functional.hinge_embedding_loss(x, y, reduction: Reduction.Sum)|};")]
    [InlineData("var hinge = {|LOSS022:new HingeEmbeddingLoss()|}; hinge.forward(x, y);")]
    [InlineData("using var hinge = {|LOSS022:new HingeEmbeddingLoss(reduction: Reduction.Sum)|}; hinge.call(x, y);")]
    [InlineData("var gaussian = {|LOSS022:GaussianNLLLoss()|}; gaussian.forward(x, y, logits.exp());")]
    [InlineData("{|LOSS022:nn.GaussianNLLLoss(full: true)|}.call(x, y, torch.ones_like(x));")]
    [InlineData("var gaussian = {|LOSS022:new GaussianNLLLoss()|}; gaussian.forward(x, y, torch.ones_like(x));")]
    public Task Reported_on_the_construction_or_the_call(string body) => Verify.DiagnosticsInMethod("LOSS022", body);

    [Theory]
    [InlineData("nn.HingeEmbeddingLoss().forward(x, y);")]
    [InlineData("HingeEmbeddingLoss(margin: 0.0).forward(x, y);")]
    [InlineData("new HingeEmbeddingLoss(1.0).forward(x, y);")]
    [InlineData("functional.hinge_embedding_loss(x, y, margin: 1.0);")]
    [InlineData("functional.hinge_embedding_loss(x, y, 0.5);")]
    [InlineData("functional.gaussian_nll_loss(x, y, torch.ones_like(x));")]
    [InlineData("GaussianNLLLoss(eps: 1e-6f).forward(x, y, torch.ones_like(x));")]
    [InlineData("var neverCalled = new HingeEmbeddingLoss();")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS022", body);

    [Fact]
    public Task Reported_on_a_loss_built_in_a_field_and_called_through_a_helper() => Verify.Diagnostics("LOSS022", """
        sealed class Trainer
        {
            private readonly Loss<Tensor, Tensor, Tensor> hinge = {|LOSS022:new HingeEmbeddingLoss()|};
            private static Tensor Apply(Loss<Tensor, Tensor, Tensor> loss, Tensor d, Tensor y) => loss.forward(d, y);
            public Tensor Step(Tensor d, Tensor y) => Apply(hinge, d, y);
        }
        """);

    [Fact]
    public Task First_action_writes_PyTorchs_default() => Verify.Fix<Loss022CodeFix>(
        "LOSS022",
        Verify.InMethod("""
            var a = {|LOSS022:functional.hinge_embedding_loss(x, y)|};
            var b = {|LOSS022:new HingeEmbeddingLoss(reduction: Reduction.Sum)|}.forward(x, y);
            var c = {|LOSS022:GaussianNLLLoss()|}.forward(x, y, torch.ones_like(x));
            """),
        Verify.InMethod("""
            var a = functional.hinge_embedding_loss(x, y, margin: 1.0);
            var b = new HingeEmbeddingLoss(reduction: Reduction.Sum, margin: 1.0).forward(x, y);
            var c = GaussianNLLLoss(eps: 1E-06f).forward(x, y, torch.ones_like(x));
            """),
        actionIndex: 0);

    [Fact]
    public Task Second_action_keeps_the_behaviour() => Verify.Fix<Loss022CodeFix>(
        "LOSS022",
        Verify.InMethod("""
            var a = {|LOSS022:functional.hinge_embedding_loss(x, y)|};
            var c = {|LOSS022:GaussianNLLLoss()|}.forward(x, y, torch.ones_like(x));
            """),
        Verify.InMethod("""
            var a = functional.hinge_embedding_loss(x, y, margin: 0.0);
            var c = GaussianNLLLoss(eps: 1E-08f).forward(x, y, torch.ones_like(x));
            """),
        actionIndex: 1);

    [Fact]
    public async Task The_message_names_both_defaults_and_the_other_form()
    {
        var compilation = TestCompilation.Create(Verify.Usings + Verify.InMethod("functional.hinge_embedding_loss(x, y);"));
        var (diagnostics, exceptions) = await LossAnalyzers.Tests.Robustness.AnalyzerRun.AnalyzeAsync(compilation);
        Assert.Empty(exceptions);
        var message = Assert.Single(diagnostics, d => d.Id == "LOSS022").GetMessage();
        Assert.Equal(
            "hinge_embedding_loss leaves margin to its default here, 0.0, but PyTorch and TorchSharp's nn.HingeEmbeddingLoss() use 1.0, so code ported from Python computes another loss without any error. Write margin: 1.0 for PyTorch's loss, or margin: 0.0 to keep this one.",
            message);
    }
}
