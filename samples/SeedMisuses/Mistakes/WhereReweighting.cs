using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: the model already outputs logits and uses BCEWithLogitsLoss, but positives are still
// up-weighted by hand: an unreduced loss, torch.where on the target, then the mean.
//
// LOSS010 (info, raised to a warning for this file in .editorconfig): the torch.where re-weighting is
// pos_weights: [10] with the default reduction.
internal static class WhereReweighting
{
    public static string Run()
    {
        var model = Linear(8, 1);
        var criterion = BCEWithLogitsLoss(reduction: Reduction.None);

        var features = Data.Features(64);
        var labels = Data.BinaryTargets(0.1, 64);

        var perElement = criterion.forward(model.forward(features).squeeze(-1), labels);
        var weighted = torch.where(labels == 1, perElement * 10, perElement);
        var loss = weighted.mean();

        return "loss " + Data.Format(loss);
    }
}
