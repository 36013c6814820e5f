using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: each image carries the share of annotators who chose each class, and the model should match that
// distribution. The user reaches for KLDivLoss, gives it the model's softmax ("both sides are distributions"),
// and keeps the defaults.
//
// LOSS014: softmax probabilities reach KLDivLoss, whose input must be log-probabilities; use log_softmax.
// LOSS016 (Info, raised to a warning in .editorconfig): log_target is left to TorchSharp's default (true) and the
// target's form is not visible; here the shares are probabilities, so log_target: false is meant.
// LOSS017 (Info, raised to a warning in .editorconfig): Reduction.Mean, the default, divides by batch x classes.
internal static class LabelDistributionTarget
{
    public static string Run()
    {
        var model = Sequential(Linear(8, 16), ReLU(), Linear(16, 4));
        var criterion = KLDivLoss();

        var batch = Data.Features(12);
        var shares = Data.LabelDistribution(12, 4);

        var predicted = model.forward(batch).softmax(1);
        var loss = criterion.forward(predicted, shares);

        return "loss " + Data.Format(loss);
    }
}
