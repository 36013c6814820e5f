using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: for a two-column output, the advice is "one-hot encode the labels and pass them as the
// target". one_hot returns an Int64 tensor, and BCEWithLogitsLoss needs a floating-point target.
//
// LOSS009: an integer target reaches BCEWithLogitsLoss and the call throws; .to_type(ScalarType.Float32) fixes it.
internal static class OneHotTargetForBce
{
    public static string Run()
    {
        var model = Linear(8, 2);
        var criterion = BCEWithLogitsLoss(pos_weights: tensor(new float[] { 1.1734f, 6.7669f }));

        var batch = Data.Features(16);
        var labels = Data.ClassIndices(16, 2);

        var loss = criterion.forward(model.forward(batch), functional.one_hot(labels, 2));

        return "loss " + Data.Format(loss);
    }
}
