using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: "I want probabilities out of my model, so forward ends with a sigmoid" (see
// Models/ProbabilityNet.cs). The same output is used for the loss and for the accuracy.
//
// LOSS001: ProbabilityNet.forward returns torch.sigmoid(...), and that output reaches BCELoss.
// The code fix removes the sigmoid from forward and wraps the accuracy's use of the output in
// torch.sigmoid(...), so the accuracy still sees probabilities.
internal static class SigmoidInForward
{
    public static string Run()
    {
        var model = new ProbabilityNet();
        var criterion = BCELoss();

        var features = Data.Features(32);
        var labels = Data.BinaryTargets(32);

        var probabilities = model.forward(features);
        var loss = criterion.forward(probabilities, labels);
        var accuracy = ((probabilities > 0.5).to_type(ScalarType.Float32) == labels).to_type(ScalarType.Float32).mean();

        return $"loss {Data.Format(loss)}, accuracy {Data.Format(accuracy)}";
    }
}
