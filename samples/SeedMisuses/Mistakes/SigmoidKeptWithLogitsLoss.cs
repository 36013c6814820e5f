using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: told to use BCEWithLogitsLoss for its pos_weights, the user swaps the loss but keeps the
// Sigmoid() at the end of the model. The loss now applies a second sigmoid to values already in (0, 1):
// its logits live in (0.5, 0.73) and the model barely learns.
//
// LOSS002: sigmoid probabilities reach BCEWithLogitsLoss.
internal static class SigmoidKeptWithLogitsLoss
{
    public static string Run()
    {
        var model = Sequential(Linear(8, 1), Sigmoid());
        var criterion = BCEWithLogitsLoss(pos_weights: tensor(5f));

        var features = Data.Features(16);
        var labels = Data.BinaryTargets(16, 1);

        var loss = criterion.forward(model.forward(features), labels);

        return "loss " + Data.Format(loss);
    }
}
