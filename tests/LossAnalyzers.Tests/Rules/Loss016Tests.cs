using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS016: log_target left to TorchSharp's default where no call shows what the target holds.</summary>
public sealed class Loss016Tests
{
    [Theory]
    [InlineData("{|LOSS016:functional.kl_div(x, y)|};")]
    [InlineData("{|LOSS016:functional.kl_div(x.log_softmax(1), y, reduction: Reduction.Sum)|};")]
    [InlineData("var kl = {|LOSS016:KLDivLoss()|}; kl.forward(x, y);")]
    [InlineData("{|LOSS016:nn.KLDivLoss(reduction: Reduction.Sum)|}.call(x, y);")]
    public Task Reported_on_the_construction_or_the_call(string body) => Verify.DiagnosticsInMethod("LOSS016", body);

    [Theory]
    [InlineData("functional.kl_div(x, y, log_target: true);")]
    [InlineData("functional.kl_div(x, y, false);")]
    [InlineData("KLDivLoss(log_target: false).forward(x, y);")]
    [InlineData("functional.kl_div(x, functional.softmax(y, 1));")]
    [InlineData("functional.kl_div(x, functional.log_softmax(y, 1));")]
    [InlineData("var kl = KLDivLoss();")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS016", body);

    [Fact]
    public Task Not_reported_when_one_call_shows_the_target_form() => Verify.Diagnostics("LOSS016", """
        sealed class Trainer
        {
            private readonly KLDivLoss kl = KLDivLoss();
            Tensor A(Tensor s, Tensor t) => kl.forward(s, t);
            Tensor B(Tensor s, Tensor t) => kl.forward(s, t.log_softmax(1));
        }
        """);

    [Fact]
    public Task First_action_keeps_the_behaviour() => Verify.Fix<Loss016CodeFix>(
        "LOSS016",
        Verify.InMethod("""
            var a = {|LOSS016:functional.kl_div(x, y)|};
            var b = {|LOSS016:KLDivLoss(reduction: Reduction.Sum)|}.forward(x, y);
            """),
        Verify.InMethod("""
            var a = functional.kl_div(x, y, log_target: true);
            var b = KLDivLoss(reduction: Reduction.Sum, log_target: true).forward(x, y);
            """),
        actionIndex: 0);

    [Fact]
    public Task Second_action_writes_PyTorchs_meaning() => Verify.Fix<Loss016CodeFix>(
        "LOSS016",
        Verify.InMethod("""
            var a = {|LOSS016:functional.kl_div(x, y)|};
            var b = {|LOSS016:KLDivLoss(reduction: Reduction.Sum)|}.forward(x, y);
            """),
        Verify.InMethod("""
            var a = functional.kl_div(x, y, log_target: false);
            var b = KLDivLoss(reduction: Reduction.Sum, log_target: false).forward(x, y);
            """),
        actionIndex: 1);
}
