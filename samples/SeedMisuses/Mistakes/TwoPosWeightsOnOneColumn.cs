using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: "pos_weights must be a vector with length equal to the number of classes", and a yes/no
// problem has two classes, so the user passes two balanced-class weights. The model has two outputs,
// each its own yes/no question, and the loss is called once per column: infer[.., 0] has shape [16].
// For one yes/no column pos_weights has one element; two elements are broadcast against the batch of 16.
//
// LOSS006: a two-element pos_weights on a single-label binary input; one element, w1 / w0, was meant.
internal static class TwoPosWeightsOnOneColumn
{
    public static string Run()
    {
        var model = Linear(8, 2);
        var classWeights = tensor(new float[] { 1.1734f, 6.7669f });
        var criterion = BCEWithLogitsLoss(pos_weights: classWeights);

        var batch = Data.Features(16);
        var labels1 = Data.BinaryTargets(16);
        var labels2 = Data.BinaryTargets(16);

        var infer = model.forward(batch);
        var loss = criterion.forward(infer[.., 0], labels1) + 0.5 * criterion.forward(infer[.., 1], labels2);

        return "loss " + Data.Format(loss);
    }
}
