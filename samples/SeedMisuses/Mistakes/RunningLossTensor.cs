using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: a training loop that reports the epoch's mean loss, summing each step's loss as in a PyTorch script
// that forgot `.item()`.
//
// LOSS024: the running sum is a Tensor that keeps every step's autograd graph alive, in native memory that TorchSharp's
// tensor counters do not show; over a long epoch the process grows until it runs out of memory.
internal static class RunningLossTensor
{
    public static string Run()
    {
        var model = Sequential(Linear(8, 16), ReLU(), Linear(16, 1));
        var optimizer = torch.optim.Adam(model.parameters());
        var epochLoss = zeros(1);
        const int steps = 20;
        for (var step = 0; step < steps; step++)
        {
            optimizer.zero_grad();
            var loss = functional.mse_loss(model.forward(Data.Features(16)), randn(16, 1));
            loss.backward();
            optimizer.step();
            epochLoss += loss;
        }

        return "mean loss " + Data.Format(epochLoss / steps);
    }
}
