using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS024 on TorchSharp: a running loss summed into a <c>Tensor</c> during training. Before the fix the sum is part of
/// the autograd graph (it requires grad, so every step's graph stays reachable from it); after the fix
/// (<c>loss.detach()</c>) it is a plain number with the same value. The expected sum is computed by hand.
/// </summary>
public sealed class Loss024BehaviourTests
{
    private static readonly float[] Inputs = { 1f, 2f, 3f, 4f };
    private static readonly float[] Targets = { 2f, 3f, 5f, 9f };

    private readonly ITestOutputHelper output;

    public Loss024BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Loss024_the_detached_sum_has_the_same_value_and_no_graph(FixMode mode)
    {
        // Three steps of plain gradient descent on y = w x (w starts at 1, learning rate 0.01), the running loss summed.
        var program = TestSources.Usings + $$"""
            public static class Program
            {
                public static double[] Run()
                {
                    var model = Linear(1, 1, hasBias: false);
                    using (torch.no_grad())
                    {
                        model.weight!.fill_(1);
                    }

                    var optimizer = torch.optim.SGD(model.parameters(), 0.01);
                    var x = torch.tensor({{TestData.Literal(Inputs)}}).view(4, 1);
                    var y = torch.tensor({{TestData.Literal(Targets)}}).view(4, 1);
                    var running = torch.zeros(1);
                    for (var step = 0; step < 3; step++)
                    {
                        optimizer.zero_grad();
                        var loss = functional.mse_loss(model.forward(x), y);
                        loss.backward();
                        optimizer.step();
                        running += loss;
                    }

                    return new double[] { running.item<float>(), running.requires_grad ? 1 : 0 };
                }
            }
            """;
        var (before, after, _) = await BeforeAndAfter.RunAsync(output, mode, CodeFixProviders.Require("LOSS024"), "LOSS024", "Program.Run", program);

        // By hand: loss(w) = mean((w x - y)^2), dloss/dw = mean(2 x (w x - y)), w -= 0.01 * dloss/dw.
        double w = 1, sum = 0;
        for (var step = 0; step < 3; step++)
        {
            var residuals = Inputs.Select((x, i) => (X: (double)x, R: w * x - Targets[i])).ToArray();
            sum += residuals.Average(p => p.R * p.R);
            w -= 0.01 * residuals.Average(p => 2 * p.X * p.R);
        }

        output.WriteLine($"by hand: running loss {Numbers.Format(sum)}");
        Numbers.AssertRelativelyClose(sum, before[0], 1e-5, "the running loss, kept with its graphs");
        Assert.Equal(1, before[1]);
        Numbers.AssertRelativelyClose(sum, after[0], 1e-5, "the running loss of detached losses, after the fix");
        Assert.Equal(0, after[1]);
    }
}
