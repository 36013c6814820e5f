using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: a house-price regressor ends in one output per row, Linear(16, 1), so its predictions are [N, 1];
// the prices come as a plain vector, [N]. The loss runs, prints nothing and never goes down much.
//
// LOSS019: MSELoss broadcasts [N, 1] against [N] to [N, N] and compares every prediction with every price, so the
// model learns to predict the mean price. Squeeze the head's output (prediction.squeeze(-1)) to make both [N].
internal static class RegressionHeadAgainstVector
{
    public static string Run()
    {
        var regressor = Sequential(Linear(8, 16), ReLU(), Linear(16, 1));
        var prices = Prices(32);
        var prediction = regressor.forward(Data.Features(32));
        var loss = MSELoss().forward(prediction, prices);

        return "loss " + Data.Format(loss);
    }

    private static Tensor Prices(long rows) => randn(rows) * 50 + 300;
}
