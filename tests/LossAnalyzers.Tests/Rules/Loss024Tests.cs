using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS024: a loss tensor accumulated with its autograd graph.</summary>
public sealed class Loss024Tests
{
    private const string Loop = "var model = Linear(4, 2); var criterion = MSELoss(); ";

    [Theory]
    [InlineData(Loop + "var total = torch.zeros(1); for (var i = 0; i < 10; i++) { var loss = criterion.forward(model.forward(x), y); loss.backward(); {|LOSS024:total += loss|}; } Console.WriteLine(total.item<float>());")]
    [InlineData(Loop + "Tensor total = torch.tensor(0f); foreach (var batch in new[] { x, x }) { var loss = criterion.forward(model.forward(batch), y); {|LOSS024:total = total + loss * batch.shape[0]|}; }")]
    [InlineData(Loop + "var total = torch.zeros(1); var step = 0; while (step++ < 10) { {|LOSS024:total = (criterion.forward(model.forward(x), y) + total)|}; }")]
    [InlineData(Loop + "var losses = new System.Collections.Generic.List<Tensor>(); for (var i = 0; i < 10; i++) { var loss = criterion.forward(model.forward(x), y); {|LOSS024:losses.Add(loss)|}; } var mean = System.Linq.Enumerable.Average(losses, l => l.item<float>());")]
    [InlineData(Loop + "var total = torch.zeros(1); do { {|LOSS024:total.add_(functional.l1_loss(model.forward(x), y))|}; } while (total.item<float>() < 3);")]
    public Task Reported_on_the_accumulation(string body) => Verify.DiagnosticsInMethod("LOSS024", body);

    [Theory]
    // The accumulator is backpropagated: gradient accumulation.
    [InlineData(Loop + "var total = torch.zeros(1); for (var i = 0; i < 4; i++) { total += criterion.forward(model.forward(x), y); } (total / 4).backward();")]
    [InlineData(Loop + "var losses = new System.Collections.Generic.List<Tensor>(); for (var i = 0; i < 4; i++) { losses.Add(criterion.forward(model.forward(x), y)); } torch.stack(losses).mean().backward();")]
    [InlineData(Loop + "var total = torch.zeros(1); for (var i = 0; i < 4; i++) { total += criterion.forward(model.forward(x), y); } torch.autograd.backward(total);")]
    // Detached or taken as a number.
    [InlineData(Loop + "var total = torch.zeros(1); for (var i = 0; i < 10; i++) { var loss = criterion.forward(model.forward(x), y); loss.backward(); total += loss.detach(); }")]
    [InlineData(Loop + "var total = 0.0; for (var i = 0; i < 10; i++) { var loss = criterion.forward(model.forward(x), y); total += loss.item<float>(); }")]
    // Autograd off.
    [InlineData(Loop + "var total = torch.zeros(1); using (torch.no_grad()) { for (var i = 0; i < 10; i++) { total += criterion.forward(model.forward(x), y); } }")]
    [InlineData(Loop + "using var off = torch.inference_mode(); var total = torch.zeros(1); for (var i = 0; i < 10; i++) { total += criterion.forward(model.forward(x), y); }")]
    // No loop, or the accumulator lives only within one step.
    [InlineData(Loop + "var total = torch.zeros(1); total += criterion.forward(model.forward(x), y); Console.WriteLine(total.item<float>());")]
    [InlineData(Loop + "for (var i = 0; i < 10; i++) { var total = torch.zeros(1); total += criterion.forward(model.forward(x), y); Console.WriteLine(total.item<float>()); }")]
    // A loss of data or detached predictions has no graph.
    [InlineData(Loop + "var total = torch.zeros(1); for (var i = 0; i < 10; i++) { total += criterion.forward(model.forward(x).detach(), y); }")]
    [InlineData(Loop + "var total = torch.zeros(1); var data = torch.rand(4, 2); for (var i = 0; i < 10; i++) { total += functional.l1_loss(data * i, torch.zeros(4, 2)); }")]
    // Not a loss.
    [InlineData(Loop + "var total = torch.zeros(2); for (var i = 0; i < 10; i++) { total += model.forward(x).sum(0); }")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS024", body);

    [Fact]
    public Task Reported_for_a_metric_tracker_fed_from_a_training_loop() => Verify.Diagnostics("LOSS024", """
        sealed class RunningLoss
        {
            private Tensor sum = torch.zeros(1);
            private int count;

            public void Update(Tensor loss)
            {
                {|LOSS024:sum += loss|};
                count++;
            }

            public float Mean => sum.item<float>() / count;
        }

        sealed class Trainer
        {
            private readonly Linear model = Linear(4, 1);
            private readonly RunningLoss running = new();

            public float Epoch(Tensor[] batches, Tensor[] targets)
            {
                for (var i = 0; i < batches.Length; i++)
                {
                    var loss = Compute(batches[i], targets[i]);
                    loss.backward();
                    running.Update(loss);
                }

                return running.Mean;
            }

            private Tensor Compute(Tensor x, Tensor y) => functional.mse_loss(model.forward(x).squeeze(-1), y);
        }
        """);

    [Fact]
    public Task Reported_for_a_member_of_an_object_held_in_a_local() => Verify.Diagnostics("LOSS024", """
        sealed record History(System.Collections.Generic.List<Tensor> Losses);

        static class Fit
        {
            static int Run(Module<Tensor, Tensor> model, (Tensor x, Tensor y)[] data)
            {
                var history = new History(new System.Collections.Generic.List<Tensor>());
                foreach (var (x, y) in data)
                {
                    var loss = functional.mse_loss(model.forward(x), y);
                    loss.backward();
                    {|LOSS024:history.Losses.Add(loss)|};
                }

                for (var epoch = 0; epoch < 2; epoch++)
                {
                    var perEpoch = new History(new System.Collections.Generic.List<Tensor>());
                    perEpoch.Losses.Add(functional.mse_loss(model.forward(data[0].x), data[0].y));
                    System.Console.WriteLine(perEpoch.Losses.Count);
                }

                return history.Losses.Count;
            }
        }
        """);

    [Fact]
    public Task Not_reported_where_a_helper_backpropagates_the_sum() => Verify.Diagnostics("LOSS024", """
        static class Meta
        {
            static void ApplyGradients(Tensor objective, torch.optim.Optimizer opt) { objective.backward(); opt.step(); }

            public static void Step(Module<Tensor, Tensor> model, torch.optim.Optimizer opt, System.Collections.Generic.IEnumerable<(Tensor x, Tensor y)> tasks)
            {
                opt.zero_grad();
                var meta = torch.zeros(1);
                foreach (var (x, y) in tasks)
                    meta += functional.l1_loss(model.forward(x), y);
                ApplyGradients(meta, opt);
            }
        }
        """);

    [Fact]
    public Task Not_reported_where_autograd_grad_takes_the_sum() => Verify.Diagnostics("LOSS024", """
        static class Maml
        {
            public static System.Collections.Generic.IList<Tensor> Grads(Module<Tensor, Tensor> model, (Tensor x, Tensor y)[] support)
            {
                var losses = new System.Collections.Generic.List<Tensor>();
                foreach (var (x, y) in support) losses.Add(functional.mse_loss(model.forward(x), y));
                var total = torch.stack(losses).sum();
                return torch.autograd.grad(new[] { total }, System.Linq.Enumerable.ToArray(model.parameters()), create_graph: true);
            }
        }
        """);

    [Fact]
    public Task Not_reported_for_an_evaluation_helper_called_under_no_grad() => Verify.Diagnostics("LOSS024", """
        sealed class Evaluator
        {
            private readonly Linear model = Linear(4, 1);

            public float Evaluate(Tensor[] batches, Tensor[] targets)
            {
                using (torch.no_grad())
                {
                    return Sum(batches, targets).item<float>() / batches.Length;
                }
            }

            private Tensor Sum(Tensor[] batches, Tensor[] targets)
            {
                var total = torch.zeros(1);
                for (var i = 0; i < batches.Length; i++)
                {
                    total += functional.mse_loss(model.forward(batches[i]).squeeze(-1), targets[i]);
                }

                return total;
            }
        }
        """);

    [Fact]
    public Task Fix_collects_the_detached_loss() => Verify.Fix<Loss024CodeFix>(
        "LOSS024",
        Verify.InMethod("""
            var model = Linear(4, 2);
            var criterion = MSELoss();
            var total = torch.zeros(1);
            var losses = new System.Collections.Generic.List<Tensor>();
            for (var i = 0; i < 10; i++)
            {
                var loss = criterion.forward(model.forward(x), y);
                loss.backward();
                {|LOSS024:total += loss|};
                {|LOSS024:total = total + loss * 2|};
                {|LOSS024:losses.Add(loss)|};
            }

            Console.WriteLine(total.item<float>() + losses.Count);
            """),
        Verify.InMethod("""
            var model = Linear(4, 2);
            var criterion = MSELoss();
            var total = torch.zeros(1);
            var losses = new System.Collections.Generic.List<Tensor>();
            for (var i = 0; i < 10; i++)
            {
                var loss = criterion.forward(model.forward(x), y);
                loss.backward();
                total += loss.detach();
                total = total + (loss * 2).detach();
                losses.Add(loss.detach());
            }

            Console.WriteLine(total.item<float>() + losses.Count);
            """));
}
