using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: the background class is common, so the user "turns it down" all the way to 0. With the
// default mean reduction the loss is divided by the summed weights of the batch's targets: a batch of
// background only gives 0 / 0.
//
// LOSS008: a zero element in a literal class weight.
internal static class ZeroClassWeight
{
    public static string Run()
    {
        var model = Linear(8, 3);
        var criterion = CrossEntropyLoss(weight: tensor(new float[] { 0f, 1f, 2f }));

        var features = Data.Features(8);
        var labels = zeros(8, dtype: ScalarType.Int64);

        var loss = criterion.forward(model.forward(features), labels);

        return "loss " + Data.Format(loss);
    }
}
