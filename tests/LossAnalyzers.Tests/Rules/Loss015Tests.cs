using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS015: a KLDivLoss target that does not match log_target (TorchSharp's default is true).</summary>
public sealed class Loss015Tests
{
    [Theory]
    [InlineData("functional.kl_div(functional.log_softmax(x, 1), {|LOSS015:functional.softmax(y, 1)|});")]
    [InlineData("functional.kl_div(functional.log_softmax(x, 1), {|LOSS015:functional.softmax(y, 1)|}, log_target: true);")]
    [InlineData("KLDivLoss().forward(x.log_softmax(1), {|LOSS015:y.softmax(1)|});")]
    [InlineData("var kl = nn.KLDivLoss(reduction: Reduction.Sum); var t = torch.softmax(y / 2.0, 1).detach(); kl.call(x, {|LOSS015:t|});")]
    [InlineData("functional.kl_div(x, {|LOSS015:functional.log_softmax(y, 1)|}, log_target: false);")]
    [InlineData("KLDivLoss(false).forward(x, {|LOSS015:y.log_softmax(1)|});")]
    [InlineData("functional.kl_div(x, {|LOSS015:torch.sigmoid(y)|});")]
    [InlineData("Loss<Tensor, Tensor, Tensor> kl = new KLDivLoss(); kl.forward(x, {|LOSS015:y.softmax(1)|});")]
    [InlineData("var sm = Softmax(1); functional.kl_div(x, {|LOSS015:sm.forward(y / 2.0)|});")]
    [InlineData("var teacher = Sequential(Linear(4, 3), Softmax(-1)); using (no_grad()) { var t = teacher.forward(y); functional.kl_div(x, {|LOSS015:t|}); }")]
    public Task Reported_on_the_target(string body) => Verify.DiagnosticsInMethod("LOSS015", body);

    [Theory]
    [InlineData("functional.kl_div(functional.log_softmax(x, 1), functional.log_softmax(y, 1), log_target: true);")]
    [InlineData("functional.kl_div(functional.log_softmax(x, 1), functional.log_softmax(y, 1));")]
    [InlineData("functional.kl_div(functional.log_softmax(x, 1), functional.softmax(y, 1), log_target: false);")]
    [InlineData("KLDivLoss(log_target: false).forward(x.log_softmax(1), y.softmax(1));")]
    [InlineData("functional.kl_div(x, y);")]
    [InlineData("bool logTarget = DateTime.Now.Second > 3; functional.kl_div(x, functional.softmax(y, 1), log_target: logTarget);")]
    [InlineData("functional.cross_entropy(x, functional.softmax(y, 1));")]
    [InlineData("var kl = new KLDivLoss(false, Reduction.Sum); kl.forward(x, functional.softmax(y, 1));")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS015", body);

    [Fact]
    public Task A_user_type_named_KLDivLoss_is_not_reported() => Verify.Diagnostics("LOSS015", """
        class KLDivLoss { public Tensor forward(Tensor a, Tensor b) => a; }
        static class Use
        {
            static Tensor Step(Tensor s, Tensor t) => new KLDivLoss().forward(s, functional.softmax(t, 1));
        }
        """);

    [Fact]
    public Task Reported_in_a_two_input_distillation_module() => Verify.Diagnostics("LOSS015", """
        sealed class DistillKL : Module<Tensor, Tensor, Tensor>
        {
            private readonly double t;
            public DistillKL(double t) : base(nameof(DistillKL)) => this.t = t;
            public override Tensor forward(Tensor ys, Tensor yt)
            {
                var ps = functional.log_softmax(ys / t, 1);
                var pt = functional.softmax(yt / t, 1);
                return functional.kl_div(ps, {|LOSS015:pt|}, reduction: Reduction.Sum) * (t * t) / ys.shape[0];
            }
        }
        """);

    [Fact]
    public Task Reported_through_a_distillation_helper_and_its_call_site() => Verify.Diagnostics("LOSS015", """
        static class Distillation
        {
            public static Tensor Loss(Tensor student, Tensor teacherProbabilities, double temperature) =>
                functional.kl_div(functional.log_softmax(student / temperature, 1), {|LOSS015:teacherProbabilities|}) * (temperature * temperature);
        }

        sealed class Trainer
        {
            Tensor Step(Tensor student, Tensor teacher) => Distillation.Loss(student, functional.softmax(teacher / 4.0, 1), 4.0);
        }
        """);

    /// <summary>Idioms of distillation and model-comparison code ported from PyTorch: only the softmax read as log-probabilities is reported.</summary>
    [Fact]
    public Task Ported_idioms_report_only_the_mismatch() => Verify.Diagnostics(new[] { "LOSS014", "LOSS015", "LOSS016" }, """
        static class Ported
        {
            static Tensor Backpropagate(Tensor logits, Tensor targetLogits, long c) =>
                functional.kl_div(logits.view(-1, c).log_softmax(-1), {|LOSS015:targetLogits.view(-1, c).softmax(-1)|}, log_target: true, reduction: Reduction.Sum);

            static float LastToken(Tensor original, Tensor patched) =>
                functional.kl_div(patched[-1].log_softmax(-1), original[-1].log_softmax(-1), log_target: true, reduction: Reduction.Sum).item<float>();

            static Tensor Masked(Tensor student, Tensor teacher, Tensor mask, double t)
            {
                var logS = functional.log_softmax(student / t, -1);
                var probT = functional.softmax(teacher / t, -1);
                var kl = functional.kl_div(logS, probT, log_target: false, reduction: Reduction.None).sum(-1);
                return (kl * mask).sum() / mask.sum().clamp_min(1);
            }

            static Tensor Binary(Tensor st, Tensor outputs, double t) =>
                functional.kl_div((st / t).sigmoid().log(), (outputs / t).sigmoid(), log_target: false, reduction: Reduction.Sum) / st.shape[0];
        }
        """);

    [Fact]
    public Task Fix_writes_the_log_target_that_fits() => Verify.Fix<Loss015CodeFix>(
        "LOSS015",
        Verify.InMethod("""
            var a = functional.kl_div(functional.log_softmax(x, 1), {|LOSS015:functional.softmax(y, 1)|});
            var b = functional.kl_div(x, {|LOSS015:functional.log_softmax(y, 1)|}, log_target: false);
            var c = KLDivLoss(reduction: Reduction.Sum).forward(x, {|LOSS015:y.softmax(1)|});
            var d = KLDivLoss(true).forward(x, {|LOSS015:y.softmax(1)|});
            """),
        Verify.InMethod("""
            var a = functional.kl_div(functional.log_softmax(x, 1), functional.softmax(y, 1), log_target: false);
            var b = functional.kl_div(x, functional.log_softmax(y, 1), log_target: true);
            var c = KLDivLoss(reduction: Reduction.Sum, log_target: false).forward(x, y.softmax(1));
            var d = KLDivLoss(false).forward(x, y.softmax(1));
            """));

    [Fact]
    public Task Fix_on_a_field_with_two_calls_changes_the_construction_once() => Verify.Fix<Loss015CodeFix>(
        "LOSS015",
        """
        sealed class Trainer
        {
            private readonly KLDivLoss kl = KLDivLoss();
            Tensor A(Tensor s, Tensor t) => kl.forward(s, {|LOSS015:t.softmax(1)|});
            Tensor B(Tensor s, Tensor t) => kl.forward(s, {|LOSS015:torch.softmax(t, -1)|});
        }
        """,
        """
        sealed class Trainer
        {
            private readonly KLDivLoss kl = KLDivLoss(log_target: false);
            Tensor A(Tensor s, Tensor t) => kl.forward(s, t.softmax(1));
            Tensor B(Tensor s, Tensor t) => kl.forward(s, torch.softmax(t, -1));
        }
        """);

    [Fact]
    public Task No_fix_when_another_call_of_the_loss_may_pass_log_probabilities() => Verify.NoFix<Loss015CodeFix>(
        "LOSS015",
        """
        sealed class Trainer
        {
            private readonly KLDivLoss kl = KLDivLoss();
            Tensor A(Tensor s, Tensor t) => kl.forward(s, {|LOSS015:t.softmax(1)|});
            Tensor B(Tensor s, Tensor t) => kl.forward(s, t);
        }
        """);
}
