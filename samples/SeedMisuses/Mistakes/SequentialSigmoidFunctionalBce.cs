using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: the textbook binary classifier, a Sequential whose last layer is Sigmoid(), scored with the
// functional binary_cross_entropy and a per-sample weight.
//
// LOSS001: the trailing Sigmoid() of the Sequential reaches functional.binary_cross_entropy.
internal static class SequentialSigmoidFunctionalBce
{
    public static string Run()
    {
        var model = Sequential(
            ("hidden", Linear(8, 16)),
            ("relu", ReLU()),
            ("output", Linear(16, 1)),
            ("sigmoid", Sigmoid()));

        var features = Data.Features(16);
        var labels = Data.BinaryTargets(16, 1);
        var sampleWeights = rand(16, 1) + 0.5;

        var output = model.forward(features);
        var loss = functional.binary_cross_entropy(output, labels, weight: sampleWeights);

        return "loss " + Data.Format(loss);
    }
}
