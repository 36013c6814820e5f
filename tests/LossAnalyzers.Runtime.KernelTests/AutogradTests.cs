using LossAnalyzers.Runtime.KernelTests.Infrastructure;

namespace LossAnalyzers.Runtime.KernelTests;

/// <summary>The fused loss inside autograd graphs, compared with libtorch's loss in the same graph.</summary>
public sealed class AutogradTests
{
    [Fact]
    public void Gradient_flows_through_the_layers_before_the_loss()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        var features = torch.randn(64, 10);
        var target = torch.randint(0, 2, [64, 3]).to_type(ScalarType.Float32);
        var posWeight = torch.tensor(new[] { 1f, 4f, 9f });

        float[] Gradient(Func<Tensor, Tensor> loss)
        {
            torch.manual_seed(2);
            using var layer = nn.Linear(10, 3);
            loss(layer.forward(features)).backward();
            return layer.weight!.grad!.data<float>().ToArray();
        }

        var expected = Gradient(logits => nn.functional.binary_cross_entropy_with_logits(logits, target, null, Reduction.Mean, posWeight));
        var actual = Gradient(logits => BceWithLogitsCompute.Compute(logits, target, null, posWeight, Reduction.Mean));
        Close.Assert(expected.Select(v => (double)v).ToArray(), actual.Select(v => (double)v).ToArray(), Close.Float32, "weight gradient");
    }

    [Fact]
    public void A_second_backward_with_retain_graph_gives_the_same_gradient_again()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.linspace(-6, 6, 100_000).requires_grad_(true);   // large enough for a pooled buffer
        var target = (torch.arange(100_000) % 2).to_type(ScalarType.Float32);
        var loss = BceWithLogitsCompute.Compute(input, target, null, torch.tensor(new[] { 3f }), Reduction.Sum);
        loss.backward(retain_graph: true);
        var first = input.grad!.clone();
        input.grad = null;
        (loss * 2).backward();
        Close.Assert(
            LossRun.ToDoubles(first * 2),
            LossRun.ToDoubles(input.grad!),
            Close.Float32,
            "second backward");
    }

    [Fact]
    public void Without_grad_the_loss_has_no_graph()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.randn(1000).requires_grad_(true);
        var target = torch.rand(1000);
        using (torch.no_grad())
        {
            var loss = BceWithLogitsCompute.Compute(input, target, null, null, Reduction.Mean);
            Assert.False(loss.requires_grad);
        }

        var plain = BceWithLogitsCompute.Compute(input.detach(), target, null, null, Reduction.Mean);
        Assert.False(plain.requires_grad);
        var tracked = BceWithLogitsCompute.Compute(input, target, null, null, Reduction.Mean);
        Assert.True(tracked.requires_grad);
    }

    [Fact]
    public void Gradients_accumulate_like_libtorch()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        var source = torch.randn(3000, 4) * 4;
        var target = torch.rand(3000, 4);
        var weight = torch.rand(4) + 0.5;

        Tensor Accumulated(Func<Tensor, Tensor> loss)
        {
            var input = source.clone().requires_grad_(true);
            for (int step = 0; step < 3; step++)
            {
                loss(input).backward();
            }

            return input.grad!;
        }

        var expected = Accumulated(input => nn.functional.binary_cross_entropy_with_logits(input, target, weight, Reduction.Mean, null));
        var actual = Accumulated(input => BceWithLogitsCompute.Compute(input, target, weight, null, Reduction.Mean));
        Close.Assert(LossRun.ToDoubles(expected), LossRun.ToDoubles(actual), Close.Float32, "accumulated gradient");
    }

    [Fact]
    public void The_gradient_buffer_is_reused_once_autograd_lets_go_of_it()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.randn(1 << 18).requires_grad_(true);
        var target = torch.rand(1 << 18);
        var posWeight = torch.tensor(new[] { 2f });
        for (int warm = 0; warm < 2; warm++)
        {
            BceWithLogitsCompute.Compute(input, target, null, posWeight, Reduction.Mean).backward();
        }

        long before = PooledTensors.Allocations;
        for (int step = 0; step < 10; step++)
        {
            using var loss = BceWithLogitsCompute.Compute(input, target, null, posWeight, Reduction.Mean);
            loss.backward();
        }

        Assert.Equal(before, PooledTensors.Allocations);
    }

    [Fact]
    public void A_loss_disposed_without_backward_gives_its_buffer_back()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.randn(1 << 18).requires_grad_(true);
        var target = torch.rand(1 << 18);
        BceWithLogitsCompute.Compute(input, target, null, null, Reduction.Mean).Dispose();
        long before = PooledTensors.Allocations;
        for (int step = 0; step < 5; step++)
        {
            // An evaluation pass that forgot no_grad: the gradient is computed, never used, and goes with the loss.
            using var loss = BceWithLogitsCompute.Compute(input, target, null, null, Reduction.Mean);
        }

        Assert.Equal(before, PooledTensors.Allocations);
    }

    [Fact]
    public void A_gradient_someone_keeps_is_not_overwritten()
    {
        using var scope = torch.NewDisposeScope();
        var target = torch.rand(1 << 18);
        var input = torch.randn(1 << 18).requires_grad_(true);
        var kept = new List<Tensor>();
        for (int step = 0; step < 3; step++)
        {
            // A non-leaf input that retains its gradient: autograd may keep the very tensor backward returned.
            var logits = input * (step + 1);
            logits.retain_grad();
            BceWithLogitsCompute.Compute(logits, target, null, null, Reduction.Sum).backward();
            kept.Add(logits.grad!);
            input.grad = null;
        }

        for (int step = 0; step < 3; step++)
        {
            var expectedLogits = (input * (step + 1)).detach();
            var expected = torch.sigmoid(expectedLogits) - target;
            Close.Assert(LossRun.ToDoubles(expected), LossRun.ToDoubles(kept[step]), Close.Float32, $"kept gradient {step}");
        }
    }
}
