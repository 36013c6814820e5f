using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS023: TorchSharp's Gaussian NLL with a trained variance (the test compilations reference TorchSharp 0.107).</summary>
public sealed class Loss023Tests
{
    [Theory]
    [InlineData("var head = Linear(4, 2); var variance = head.forward(x).exp(); {|LOSS023:functional.gaussian_nll_loss(logits, y, variance)|};")]
    [InlineData("var gaussian = GaussianNLLLoss(eps: 1e-6f); var variance = functional.softplus(Linear(4, 2).forward(x)) + 1e-3; {|LOSS023:gaussian.forward(logits, y, variance)|};")]
    [InlineData("var logVariance = Parameter(torch.zeros(2)); {|LOSS023:functional.gaussian_nll_loss(logits, y, logVariance.exp().expand_as(logits))|};")]
    [InlineData("var variance = torch.ones(8, 2, requires_grad: true); {|LOSS023:functional.gaussian_nll_loss(logits, y, variance)|};")]
    [InlineData("var variance = torch.ones(8, 2).requires_grad_(); {|LOSS023:new GaussianNLLLoss(eps: 1e-6f).forward(logits, y, variance)|};")]
    [InlineData("Module<Tensor, Tensor> positive = Softplus(); {|LOSS023:functional.gaussian_nll_loss(logits, y, positive.forward(Linear(4, 2).forward(x)))|};")]
    public Task Reported_on_the_loss_call(string body) => Verify.DiagnosticsInMethod("LOSS023", body);

    [Theory]
    [InlineData("functional.gaussian_nll_loss(logits, y, torch.ones(8, 2));")]
    [InlineData("var variance = torch.full(8, 2, 0.25f); functional.gaussian_nll_loss(logits, y, variance);")]
    [InlineData("var head = Linear(4, 2); functional.gaussian_nll_loss(logits, y, head.forward(x).exp().detach());")]
    [InlineData("functional.gaussian_nll_loss(logits, y, x);")]
    [InlineData("var variance = ReLU().forward(torch.ones(8, 2)) + 0.1; functional.gaussian_nll_loss(logits, y, variance);")]
    [InlineData("var head = Linear(4, 2); functional.mse_loss(logits, head.forward(x).exp());")]
    [InlineData("var mean = Linear(4, 2).forward(x); var variance = torch.ones_like(mean) * 0.25; functional.gaussian_nll_loss(mean, y, variance);")]
    [InlineData("var mean = Linear(4, 2).forward(x); functional.gaussian_nll_loss(mean, y, (mean > 0).to_type(ScalarType.Float32) + 0.5);")]
    [InlineData("Module<Tensor, Tensor> positive = ReLU(); functional.gaussian_nll_loss(logits, y, positive.forward(torch.full(8, 2, 0.1f)));")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS023", body);

    [Fact]
    public Task Reported_for_a_heteroscedastic_regressor_across_methods() => Verify.Diagnostics("LOSS023", """
        sealed class Regressor : Module<Tensor, (Tensor Mean, Tensor Variance)>
        {
            private readonly Linear mean = Linear(8, 1);
            private readonly Linear logVariance = Linear(8, 1);

            public Regressor() : base(nameof(Regressor)) => RegisterComponents();

            public override (Tensor Mean, Tensor Variance) forward(Tensor x) => (mean.forward(x), logVariance.forward(x).exp());
        }

        sealed class Trainer
        {
            private readonly Regressor model = new();
            private readonly GaussianNLLLoss criterion = GaussianNLLLoss(eps: 1e-6f);

            public Tensor Step(Tensor x, Tensor y)
            {
                var (mean, variance) = model.forward(x);
                return {|LOSS023:criterion.forward(mean, y, variance)|};
            }
        }
        """);

    [Fact]
    public Task Fix_writes_pytorchs_formula_reduced_as_the_call_asks() => Verify.Fix<Loss023CodeFix>(
        "LOSS023",
        Verify.InMethod("""
            var head = Linear(4, 2);
            var variance = head.forward(x).exp();
            var a = {|LOSS023:functional.gaussian_nll_loss(logits, y, variance)|};
            var b = {|LOSS023:functional.gaussian_nll_loss(logits + 1, y, variance, full: true, reduction: Reduction.Sum)|};
            var gaussian = GaussianNLLLoss(eps: 1e-3f);
            var c = {|LOSS023:gaussian.forward(logits, y - 1, variance)|};
            """),
        Verify.InMethod("""
            var head = Linear(4, 2);
            var variance = head.forward(x).exp();
            var a = (0.5 * (variance.clamp_min(1E-06).log() + (logits - y).square() / variance.clamp_min(1E-06))).mean();
            var b = (0.5 * (variance.clamp_min(1E-06).log() + ((logits + 1) - y).square() / variance.clamp_min(1E-06)) + 0.9189385332046727).sum();
            var gaussian = GaussianNLLLoss(eps: 1e-3f);
            var c = (0.5 * (variance.clamp_min(0.001).log() + (logits - (y - 1)).square() / variance.clamp_min(0.001))).mean();
            """));

    [Theory]
    [InlineData("var head = Linear(4, 2); var loss = {|LOSS023:functional.gaussian_nll_loss(logits, y, head.forward(x).exp())|};")]
    [InlineData("var head = Linear(4, 2); var variance = head.forward(x).exp(); var loss = {|LOSS023:functional.gaussian_nll_loss(logits, y, variance, reduction: Reduction.None)|};")]
    public Task No_fix_where_the_formula_would_evaluate_the_variance_twice_or_change_the_shape(string body) =>
        Verify.NoFix<Loss023CodeFix>("LOSS023", Verify.InMethod(body));
}
