using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: the one-output model ends in a sigmoid. CrossEntropyLoss wants two columns, so the user builds
// them by hand, p and 1 - p, and weights the classes [1, 5] because one class is five times rarer.
// CrossEntropyLoss applies log_softmax to whatever it gets: probabilities in (0, 1) are treated as
// scores, so the loss cannot get near 0 and the gradients are squashed. (Which column stands for which
// class is a second trap.)
//
// LOSS004: a hand-built [p, 1 - p] reaches CrossEntropyLoss; one logit with BCEWithLogitsLoss
// and pos_weights [5] is the fix.
internal static class HandBuiltTwoColumns
{
    public static string Run()
    {
        var model = Sequential(Linear(8, 1), Sigmoid());
        var criterion = CrossEntropyLoss(weight: tensor(new float[] { 1f, 5f }));

        var batch = Data.Features(16);
        var labels = Data.ClassIndices(16, 2);

        var outputs = model.forward(batch);
        outputs = outputs.view(-1, 1);
        var ones = torch.ones(outputs.shape);
        var otherClass = ones - outputs;
        var twoColumns = torch.cat(new[] { outputs, otherClass }, 1);
        var loss = criterion.forward(twoColumns, labels);

        return "loss " + Data.Format(loss);
    }
}
