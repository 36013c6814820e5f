using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: a binary problem with a one-output model, trained with CrossEntropyLoss and labels 0 and 1.
// CrossEntropyLoss needs one column per class: over a single column log_softmax is always 0 (the loss is
// constant and nothing learns), and a label 1 points past the only column.
//
// LOSS003: CrossEntropyLoss on a head of width 1.
internal static class OneOutputCrossEntropy
{
    public static string Run()
    {
        var model = Linear(8, 1);
        var criterion = CrossEntropyLoss();

        var features = Data.Features(16);
        var labels = Data.ClassIndices(16, 2);

        var loss = criterion.forward(model.forward(features), labels);

        return "loss " + Data.Format(loss);
    }
}
