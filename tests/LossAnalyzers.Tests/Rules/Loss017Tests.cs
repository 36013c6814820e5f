using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS017: KLDivLoss with Reduction.Mean (the default), which is not the KL divergence.</summary>
public sealed class Loss017Tests
{
    [Theory]
    [InlineData("{|LOSS017:functional.kl_div(x, y, log_target: false)|};")]
    [InlineData("functional.kl_div(x, y, false, {|LOSS017:Reduction.Mean|});")]
    [InlineData("functional.kl_div(x, y, {|LOSS017:reduction: Reduction.Mean|});")]
    [InlineData("var kl = {|LOSS017:KLDivLoss(log_target: false)|}; kl.forward(x, y);")]
    [InlineData("nn.KLDivLoss({|LOSS017:reduction: torch.nn.Reduction.Mean|}).call(x, y);")]
    [InlineData("{|LOSS017:new KLDivLoss(log_target: false)|}.forward(x, y);")]
    public Task Reported_on_the_reduction_or_the_construction(string body) => Verify.DiagnosticsInMethod("LOSS017", body);

    [Theory]
    [InlineData("var loss = functional.kl_div(x, y, log_target: false, reduction: Reduction.Sum) / x.shape[0];")]
    [InlineData("var loss = KLDivLoss(log_target: false, reduction: Reduction.None).forward(x, y).sum(1).mean();")]
    [InlineData("var kl = KLDivLoss(log_target: false);")]
    [InlineData("var l = new KLDivLoss(false, Reduction.Sum).forward(x, y);")]
    [InlineData("Reduction r = DateTime.Now.Second > 3 ? Reduction.Sum : Reduction.Mean; functional.kl_div(x, y, reduction: r);")]
    [InlineData("functional.cross_entropy(x, y, reduction: Reduction.Mean);")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS017", body);

    [Fact]
    public Task Fix_sums_and_divides_by_the_batch() => Verify.Fix<Loss017CodeFix>(
        "LOSS017",
        Verify.InMethod("""
            var a = {|LOSS017:functional.kl_div(x, y, log_target: false)|} * 4.0;
            var b = 2.0 / functional.kl_div(x, y, false, {|LOSS017:Reduction.Mean|});
            """),
        Verify.InMethod("""
            var a = functional.kl_div(x, y, log_target: false, reduction: Reduction.Sum) / x.shape[0] * 4.0;
            var b = 2.0 / (functional.kl_div(x, y, false, Reduction.Sum) / x.shape[0]);
            """));

    [Fact]
    public Task Fix_on_a_module_changes_the_construction_and_every_call() => Verify.Fix<Loss017CodeFix>(
        "LOSS017",
        """
        sealed class Trainer
        {
            private readonly KLDivLoss kl = {|LOSS017:KLDivLoss(log_target: false)|};
            Tensor A(Tensor s, Tensor t) => kl.forward(s, t);
            Tensor B(Tensor s, Tensor t) => kl.forward(s, t) + 1;
        }
        """,
        """
        sealed class Trainer
        {
            private readonly KLDivLoss kl = KLDivLoss(log_target: false, reduction: Reduction.Sum);
            Tensor A(Tensor s, Tensor t) => kl.forward(s, t) / s.shape[0];
            Tensor B(Tensor s, Tensor t) => kl.forward(s, t) / s.shape[0] + 1;
        }
        """);

    [Fact]
    public Task Fix_on_a_construction_inside_its_call() => Verify.Fix<Loss017CodeFix>(
        "LOSS017",
        Verify.InMethod("var a = {|LOSS017:KLDivLoss(log_target: false)|}.forward(x, y) * 2;"),
        Verify.InMethod("var a = KLDivLoss(log_target: false, reduction: Reduction.Sum).forward(x, y) / x.shape[0] * 2;"));

    [Fact]
    public Task No_fix_when_a_call_discards_its_result_or_reads_a_computed_input() => Verify.NoFix<Loss017CodeFix>(
        "LOSS017",
        """
        sealed class Trainer
        {
            private readonly KLDivLoss kl = {|LOSS017:KLDivLoss(log_target: false)|};
            Tensor A(Tensor s, Tensor t) => kl.forward(s, t);
            Tensor B(Tensor s, Tensor t) => kl.forward(s.log_softmax(1), t);
        }
        """);

    [Fact]
    public Task No_fix_when_the_input_would_be_evaluated_twice() => Verify.NoFix<Loss017CodeFix>(
        "LOSS017",
        Verify.InMethod("var a = {|LOSS017:functional.kl_div(functional.log_softmax(x, 1), y, log_target: false)|};"));
}
