using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS018: class-index targets of CrossEntropyLoss / NLLLoss that are not Int64.</summary>
public sealed class Loss018Tests
{
    [Theory]
    [InlineData("CrossEntropyLoss().forward(logits, {|LOSS018:torch.tensor(new int[] { 0, 2, 1 })|});")]
    [InlineData("var labels = torch.tensor(new[] { 0, 2, 1 }); functional.cross_entropy(logits, {|LOSS018:labels|});")]
    [InlineData("NLLLoss().forward(functional.log_softmax(logits, 1), {|LOSS018:y.@int()|});")]
    [InlineData("functional.nll_loss(functional.log_softmax(logits, 1), {|LOSS018:y.to_type(ScalarType.Int32)|});")]
    [InlineData("nn.CrossEntropyLoss().call(logits, {|LOSS018:torch.zeros(8, dtype: ScalarType.Int16)|});")]
    [InlineData("CrossEntropyLoss().forward(logits, {|LOSS018:torch.ones(8, dtype: ScalarType.Int8)|});")]
    [InlineData("CrossEntropyLoss().forward(logits, {|LOSS018:y > 0|});")]
    [InlineData("CrossEntropyLoss().forward(logits, {|LOSS018:torch.tensor(new short[] { 1, 0 }).view(-1)|});")]
    [InlineData("CrossEntropyLoss().forward(logits, {|LOSS018:y.@short()|});")]
    [InlineData("CrossEntropyLoss().forward(logits, {|LOSS018:y.@char()|});")]
    public Task Reported_on_the_target(string body) => Verify.DiagnosticsInMethod("LOSS018", body);

    [Theory]
    [InlineData("CrossEntropyLoss().forward(logits, torch.tensor(new long[] { 0, 2, 1 }));")]
    [InlineData("CrossEntropyLoss().forward(logits, torch.tensor(new int[] { 0, 2, 1 }).to_type(ScalarType.Int64));")]
    [InlineData("CrossEntropyLoss().forward(logits, y.@long());")]
    [InlineData("CrossEntropyLoss().forward(logits, y.@byte());")]
    [InlineData("CrossEntropyLoss().forward(logits, torch.tensor(new byte[] { 0, 2 }));")]
    [InlineData("CrossEntropyLoss().forward(logits, x.argmax(1));")]
    [InlineData("functional.cross_entropy(logits, torch.argmax(x, 1));")]
    [InlineData("NLLLoss().forward(functional.log_softmax(logits, 1), torch.randint(3, new long[] { 8 }));")]
    [InlineData("CrossEntropyLoss().forward(logits, functional.softmax(x, 1));")]
    [InlineData("CrossEntropyLoss().forward(logits, torch.tensor(new float[] { 0.2f, 0.8f }));")]
    [InlineData("CrossEntropyLoss().forward(logits, y);")]
    [InlineData("var t = y.@int(); CrossEntropyLoss().forward(logits, t.@long());")]
    [InlineData("BCEWithLogitsLoss().forward(logits, torch.tensor(new int[] { 0, 1 }).@float());")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS018", body);

    [Fact]
    public Task A_user_type_named_like_TorchSharps_loss_is_not_reported() => Verify.Diagnostics("LOSS018", """
        class CrossEntropyLoss { public Tensor forward(Tensor a, Tensor b) => a; }
        static class Use
        {
            static Tensor Step(Tensor logits) => new CrossEntropyLoss().forward(logits, torch.tensor(new int[] { 0, 1 }));
        }
        """);

    [Fact]
    public Task Reported_through_a_helper_that_builds_the_labels() => Verify.Diagnostics("LOSS018", """
        static class Data
        {
            public static Tensor Labels(int[] classes) => torch.tensor(classes);
        }

        class Trainer
        {
            private readonly CrossEntropyLoss criterion = nn.CrossEntropyLoss();

            Tensor Step(Tensor logits, int[] classes) => Loss(logits, Data.Labels(classes));

            Tensor Loss(Tensor output, Tensor labels) => criterion.forward(output, {|LOSS018:labels|});
        }
        """);

    [Fact]
    public async Task The_message_names_the_type_and_libtorch_error()
    {
        var compilation = TestCompilation.Create(Verify.Usings + Verify.InMethod("functional.cross_entropy(logits, torch.tensor(new int[] { 0, 1 }));"));
        var (diagnostics, exceptions) = await LossAnalyzers.Tests.Robustness.AnalyzerRun.AnalyzeAsync(compilation);
        Assert.Empty(exceptions);
        var message = Assert.Single(diagnostics, d => d.Id == "LOSS018").GetMessage();
        Assert.Contains("an Int32 tensor", message);
        Assert.Contains("expected scalar type Long but found Int'", message);
        Assert.Contains(".to_type(ScalarType.Int64)", message);
    }

    [Fact]
    public Task Fix_converts_the_target_to_int64() => Verify.Fix<Loss018CodeFix>(
        "LOSS018",
        Verify.InMethod("""
            var a = CrossEntropyLoss().forward(logits, {|LOSS018:torch.tensor(new int[] { 0, 2 })|});
            var b = functional.nll_loss(functional.log_softmax(logits, 1), {|LOSS018:y > 0|});
            """),
        Verify.InMethod("""
            var a = CrossEntropyLoss().forward(logits, torch.tensor(new int[] { 0, 2 }).to_type(ScalarType.Int64));
            var b = functional.nll_loss(functional.log_softmax(logits, 1), (y > 0).to_type(ScalarType.Int64));
            """));
}
