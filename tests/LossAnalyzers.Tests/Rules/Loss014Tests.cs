using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS014: KLDivLoss / kl_div on an input that is not log-probabilities.</summary>
public sealed class Loss014Tests
{
    [Theory]
    [InlineData("functional.kl_div({|LOSS014:functional.softmax(logits, 1)|}, y, log_target: false);")]
    [InlineData("KLDivLoss(log_target: false).forward({|LOSS014:logits.softmax(-1)|}, y);")]
    [InlineData("var p = torch.softmax(x, 1); nn.KLDivLoss().call({|LOSS014:p|}, y);")]
    [InlineData("functional.kl_div({|LOSS014:torch.sigmoid(logits)|}, y, log_target: false);")]
    [InlineData("var head = Linear(8, 3); functional.kl_div({|LOSS014:head.forward(x)|}, y, log_target: false);")]
    public Task Reported_on_the_input(string body) => Verify.DiagnosticsInMethod("LOSS014", body);

    [Theory]
    [InlineData("functional.kl_div(functional.log_softmax(logits, 1), y, log_target: false);")]
    [InlineData("KLDivLoss(log_target: false).forward(logits.log_softmax(-1), functional.softmax(y, 1));")]
    [InlineData("functional.kl_div(logits, y);")]
    [InlineData("var head = Linear(8, 3); functional.kl_div(functional.log_softmax(head.forward(x), 1), y);")]
    [InlineData("var p = torch.softmax(x, 1); functional.kl_div(p.log(), y);")]
    [InlineData("functional.nll_loss(functional.log_softmax(logits, 1), y);")]
    [InlineData("var lsm = LogSoftmax(1); functional.kl_div(lsm.forward(x), y, log_target: false);")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS014", body);

    [Fact]
    public Task A_user_type_named_KLDivLoss_is_not_reported() => Verify.Diagnostics("LOSS014", """
        class KLDivLoss { public Tensor forward(Tensor a, Tensor b) => a; }
        static class Use
        {
            static Tensor Step(Tensor s, Tensor t) => new KLDivLoss().forward(functional.softmax(s, 1), t);
        }
        """);

    [Fact]
    public Task Reported_through_a_helper_that_returns_probabilities() => Verify.Diagnostics("LOSS014", """
        sealed class Student : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> body = Sequential(Linear(16, 8), ReLU(), Linear(8, 4), Softmax(1));
            public Student() : base(nameof(Student)) => RegisterComponents();
            public override Tensor forward(Tensor x) => body.forward(x);
        }

        sealed class Distiller
        {
            private readonly Student student = new();
            private readonly KLDivLoss kl = KLDivLoss(log_target: false);

            Tensor Step(Tensor x, Tensor teacher) => Divergence(student.forward(x), teacher);

            Tensor Divergence(Tensor predicted, Tensor teacher) => kl.forward({|LOSS014:predicted|}, teacher);
        }
        """);

    [Fact]
    public Task Fix_turns_softmax_into_log_softmax_and_gives_raw_outputs_log_softmax() => Verify.Fix<Loss014CodeFix>(
        "LOSS014",
        Verify.InMethod("""
            var head = Linear(8, 3);
            var a = functional.kl_div({|LOSS014:functional.softmax(logits, 1)|}, y, log_target: false);
            var b = KLDivLoss(log_target: false).forward({|LOSS014:head.forward(x)|}, y);
            """),
        Verify.InMethod("""
            var head = Linear(8, 3);
            var a = functional.kl_div(logits.log_softmax(1), y, log_target: false);
            var b = KLDivLoss(log_target: false).forward(head.forward(x).log_softmax(-1), y);
            """));

    [Fact]
    public Task Raw_fix_in_a_helper_reaches_callers_that_pass_log_probabilities_unchanged() => Verify.Fix<Loss014CodeFix>(
        "LOSS014",
        """
        sealed class Trainer
        {
            private readonly Linear head = Linear(8, 3);
            Tensor Divergence(Tensor predicted, Tensor target) => functional.kl_div({|LOSS014:predicted|}, target, log_target: false);
            Tensor A(Tensor x, Tensor t) => Divergence(head.forward(x), t);
            Tensor B(Tensor x, Tensor t) => Divergence(head.forward(x).log_softmax(1), t);
        }
        """,
        """
        sealed class Trainer
        {
            private readonly Linear head = Linear(8, 3);
            Tensor Divergence(Tensor predicted, Tensor target) => functional.kl_div(predicted.log_softmax(-1), target, log_target: false);
            Tensor A(Tensor x, Tensor t) => Divergence(head.forward(x), t);
            Tensor B(Tensor x, Tensor t) => Divergence(head.forward(x).log_softmax(1), t);
        }
        """);

    [Fact]
    public Task No_raw_fix_in_a_helper_when_another_caller_passes_an_unknown_tensor() => Verify.NoFix<Loss014CodeFix>(
        "LOSS014",
        """
        sealed class Trainer
        {
            private readonly Linear head = Linear(8, 3);
            Tensor Divergence(Tensor predicted, Tensor target) => functional.kl_div({|LOSS014:predicted|}, target, log_target: false);
            Tensor A(Tensor x, Tensor t) => Divergence(head.forward(x), t);
            Tensor B(Tensor x, Tensor t) => Divergence(x, t);
        }
        """);

    [Fact]
    public Task No_fix_for_sigmoid_probabilities() => Verify.NoFix<Loss014CodeFix>(
        "LOSS014",
        Verify.InMethod("var a = functional.kl_div({|LOSS014:torch.sigmoid(logits)|}, y, log_target: false);"));
}
