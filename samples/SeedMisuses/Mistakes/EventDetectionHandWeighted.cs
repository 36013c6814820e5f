using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: events in a time series are rare (about one positive step in a hundred). The model is an LSTM
// whose last layer is Sigmoid(), trained with BCELoss. BCELoss has no pos_weights, so the user asks for an
// unreduced loss and multiplies the positive elements by a factor by hand before averaging.
//
// LOSS001: sigmoid probabilities reach BCELoss (the Sigmoid() inside EventDetector.forward).
// LOSS010 (info: an IDE suggestion, not printed by the build): the hand-made "loss[target == 1] *= k" is what
// pos_weights does inside BCEWithLogitsLoss.
internal static class EventDetectionHandWeighted
{
    private const float PositiveWeight = 100f;

    public static string Run()
    {
        var model = new EventDetector(channels: 3, hidden: 16);
        var criterion = BCELoss(reduction: Reduction.None);

        var series = randn(4, 50, 3);
        var target = Data.BinaryTargets(0.02, 4, 50);

        var predictions = model.forward(series);
        var lossFlat = criterion.forward(predictions, target).flatten();
        var targetFlat = target.flatten();
        lossFlat[targetFlat == 1] *= PositiveWeight;
        var loss = lossFlat.mean();
        loss.backward();

        return "loss " + Data.Format(loss);
    }
}
