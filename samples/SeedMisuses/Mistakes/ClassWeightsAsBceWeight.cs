using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: "BCE takes a weight w to give one class more importance", so [negative, positive] class
// weights go into weight:. That argument rescales each element of the loss (it is broadcast over the
// input); it does not know about classes. On a batch of 16 single logits the two weights do not even fit.
//
// LOSS007: a per-class vector as BCE weight on a single-label binary input; pos_weights: [5]
// is what was meant.
internal static class ClassWeightsAsBceWeight
{
    public static string Run()
    {
        var model = Linear(8, 1);
        var criterion = BCEWithLogitsLoss(weight: tensor(new float[] { 1f, 5f }));

        var features = Data.Features(16);
        var labels = Data.BinaryTargets(16);

        var loss = criterion.forward(model.forward(features).squeeze(-1), labels);

        return "loss " + Data.Format(loss);
    }
}
