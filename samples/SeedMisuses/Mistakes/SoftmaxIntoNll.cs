using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: NLLLoss is "the negative log likelihood", so the user gives it probabilities. NLLLoss expects
// log-probabilities and only picks and negates the target's entry: on probabilities the loss is negative
// and minimising it is not maximum likelihood.
//
// LOSS005: softmax probabilities reach NLLLoss; log_softmax is what it wants.
internal static class SoftmaxIntoNll
{
    public static string Run()
    {
        var model = Linear(8, 3);
        var criterion = NLLLoss();

        var features = Data.Features(10);
        var labels = Data.ClassIndices(10, 3);

        var probabilities = model.forward(features).softmax(1);
        var loss = criterion.forward(probabilities, labels);

        return "loss " + Data.Format(loss);
    }
}
