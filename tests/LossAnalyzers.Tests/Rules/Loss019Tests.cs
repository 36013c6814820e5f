using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS019: input and target of an element-wise loss that broadcast to [N, N].</summary>
public sealed class Loss019Tests
{
    [Theory]
    [InlineData("var head = Linear(4, 1); {|LOSS019:MSELoss().forward(head.forward(x), torch.tensor(new float[] { 1f, 2f, 3f, 4f }))|};")]
    [InlineData("{|LOSS019:functional.l1_loss(x.unsqueeze(-1), y.flatten())|};")]
    [InlineData("{|LOSS019:functional.smooth_l1_loss(x.view(-1, 1), x.view(-1))|};")]
    [InlineData("{|LOSS019:functional.huber_loss(x.flatten(), y.view(-1, 1))|};")]
    [InlineData("var actions = torch.tensor(new long[] { 0, 1, 1, 0 }); var q = Linear(4, 2).forward(x).gather(1, actions.unsqueeze(1)); {|LOSS019:functional.mse_loss(q, Linear(4, 2).forward(x).max(1).values)|};")]
    [InlineData("var q = Linear(4, 2).forward(x).gather(1, y.unsqueeze(1)); {|LOSS019:functional.smooth_l1_loss(q, torch.tensor(new float[] { 1f, 2f, 3f, 4f }))|};")]
    [InlineData("Loss<Tensor, Tensor, Tensor> criterion = System.Environment.TickCount > 0 ? HuberLoss() : MSELoss(); {|LOSS019:criterion.forward(Linear(4, 1).forward(x), torch.tensor(new float[] { 1f, 2f, 3f, 4f }))|};")]
    [InlineData("var kind = System.Environment.GetEnvironmentVariable(\"LOSS\"); Loss<Tensor, Tensor, Tensor> criterion = kind switch { \"l1\" => L1Loss(), _ => MSELoss() }; {|LOSS019:criterion.call(torch.tensor(new float[] { 1f, 2f, 3f, 4f }), Linear(4, 1).forward(x))|};")]
    [InlineData("var head = Linear(4, 1); var p = head.forward(x); var t = torch.zeros(8); {|LOSS019:PoissonNLLLoss().forward(p, t)|};")]
    [InlineData("{|LOSS019:HingeEmbeddingLoss(margin: 1.0).forward(torch.zeros(8, 1), torch.ones(8))|};")]
    [InlineData("var head = Linear(4, 1); {|LOSS019:KLDivLoss(log_target: false, reduction: Reduction.Sum).forward(head.forward(x), y.flatten())|};")]
    [InlineData("var v = Linear(4, 1).forward(x); var target = torch.zeros(8, 1) + 0.9 * torch.ones(8, 3).sum(1); {|LOSS019:MSELoss().forward(v, target)|};")]
    public Task Reported_on_the_loss_call(string body) => Verify.DiagnosticsInMethod("LOSS019", body);

    [Theory]
    [InlineData("var head = Linear(4, 1); MSELoss().forward(head.forward(x).squeeze(-1), torch.tensor(new float[] { 1f, 2f, 3f, 4f }));")]
    [InlineData("var head = Linear(4, 1); MSELoss().forward(head.forward(x), torch.tensor(new float[] { 1f, 2f, 3f, 4f }).unsqueeze(-1));")]
    [InlineData("functional.l1_loss(x.unsqueeze(-1), y.unsqueeze(-1));")]
    [InlineData("functional.mse_loss(x, y);")]
    [InlineData("var head = Linear(4, 3); MSELoss().forward(head.forward(x), y.flatten());")]
    [InlineData("var head = Linear(4, 1); BCEWithLogitsLoss().forward(head.forward(x), y.flatten());")]
    [InlineData("var actions = torch.tensor(new long[] { 0, 1, 1, 0 }); var q = Linear(4, 2).forward(x).gather(1, actions.unsqueeze(1)); functional.mse_loss(q, Linear(4, 2).forward(x).max(1, keepdim: true).values);")]
    [InlineData("var q = Linear(4, 2).forward(x).gather(1, y.unsqueeze(1)).squeeze(1); functional.smooth_l1_loss(q, torch.tensor(new float[] { 1f, 2f, 3f, 4f }));")]
    [InlineData("Loss<Tensor, Tensor, Tensor> criterion = System.Environment.TickCount > 0 ? HuberLoss() : MSELoss(); criterion.forward(Linear(4, 1).forward(x).squeeze(-1), torch.tensor(new float[] { 1f, 2f, 3f, 4f }));")]
    [InlineData("Loss<Tensor, Tensor, Tensor> criterion = System.Environment.TickCount > 0 ? BCEWithLogitsLoss() : MSELoss(); criterion.forward(Linear(4, 1).forward(x), torch.tensor(new float[] { 1f, 2f, 3f, 4f }));")]
    [InlineData("var q = Linear(4, 2).forward(x).gather(1, y.unsqueeze(0)); functional.smooth_l1_loss(q, torch.tensor(new float[] { 1f, 2f, 3f, 4f }));")]
    [InlineData("var v = Linear(4, 1).forward(x).squeeze(-1); var target = torch.zeros(8) + 0.9 * torch.ones(8, 3).sum(1); MSELoss().forward(v, target);")]
    [InlineData("functional.l1_loss(x.unsqueeze(0), y.flatten());")]
    [InlineData("var head = Linear(4, 1); MSELoss().forward(head.forward(x), torch.tensor(new float[] { 0.5f }));")]
    [InlineData("functional.mse_loss(x.view(-1, 1), torch.zeros(1));")]
    [InlineData("var head = Linear(4, 1); functional.mse_loss(head.forward(torch.tensor(new float[] { 1f, 2f, 3f, 4f })), y.unsqueeze(-1));")]
    [InlineData("functional.l1_loss(x.view(-1, 1), torch.ones(8, 1).sum(0));")]
    [InlineData("functional.l1_loss(x.view(-1, 1), torch.ones(8, 3).max(0).values);")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS019", body);

    [Fact]
    public Task Reported_for_the_reinforcement_learning_critic_across_methods() => Verify.Diagnostics("LOSS019", """
        sealed class Agent
        {
            private readonly Module<Tensor, Tensor> critic = Sequential(Linear(4, 16), ReLU(), Linear(16, 1));
            private readonly Module<Tensor, Tensor> target = Sequential(Linear(4, 16), ReLU(), Linear(16, 2));

            private Tensor Bootstrap(Tensor reward, Tensor next) => reward + 0.99 * target.forward(next).max(1).values;

            public Tensor Learn(Tensor state, Tensor next)
            {
                var reward = torch.zeros(32, 1);
                var value = critic.forward(state);
                return {|LOSS019:functional.mse_loss(value, Bootstrap(reward, next))|};
            }
        }
        """);

    [Fact]
    public Task Fix_squeezes_the_column_side() => Verify.Fix<Loss019CodeFix>(
        "LOSS019",
        Verify.InMethod("""
            var head = Linear(4, 1);
            var prediction = head.forward(x);
            var a = {|LOSS019:MSELoss().forward(prediction, y.flatten())|};
            var b = {|LOSS019:functional.l1_loss(y.flatten(), x.view(-1, 1))|};
            Loss<Tensor, Tensor, Tensor> robust = System.Environment.TickCount > 0 ? HuberLoss() : MSELoss();
            var c = {|LOSS019:robust.forward(prediction, y.flatten())|};
            """),
        Verify.InMethod("""
            var head = Linear(4, 1);
            var prediction = head.forward(x);
            var a = MSELoss().forward(prediction.squeeze(-1), y.flatten());
            var b = functional.l1_loss(y.flatten(), x.view(-1, 1).squeeze(-1));
            Loss<Tensor, Tensor, Tensor> robust = System.Environment.TickCount > 0 ? HuberLoss() : MSELoss();
            var c = robust.forward(prediction.squeeze(-1), y.flatten());
            """));

    [Fact]
    public Task No_fix_for_a_target_built_as_N_by_N() => Verify.NoFix<Loss019CodeFix>(
        "LOSS019",
        Verify.InMethod("""
            var v = Linear(4, 1).forward(x);
            var target = torch.zeros(8, 1) + 0.9 * torch.ones(8, 3).sum(1);
            var loss = {|LOSS019:MSELoss().forward(v, target)|};
            """));
}
