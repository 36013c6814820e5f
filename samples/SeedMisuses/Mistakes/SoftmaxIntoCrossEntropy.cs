using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: "CrossEntropyLoss is softmax plus NLL" read as "give CrossEntropyLoss softmax outputs". The
// loss then applies its own log_softmax on top of the softmax.
//
// LOSS004: softmax probabilities reach CrossEntropyLoss.
internal static class SoftmaxIntoCrossEntropy
{
    public static string Run()
    {
        var model = Linear(8, 3);
        var criterion = CrossEntropyLoss(weight: tensor(new float[] { 1f, 1f, 2f }));

        var features = Data.Features(10);
        var labels = Data.ClassIndices(10, 3);

        var probabilities = functional.softmax(model.forward(features), 1);
        var loss = criterion.forward(probabilities, labels);

        return "loss " + Data.Format(loss);
    }
}
