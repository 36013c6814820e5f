using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: after moving to BCEWithLogitsLoss (and removing the sigmoid), the model's output "can be
// negative and bigger than 1". The accuracy code still compares it with 0.5, which is now a logit: the
// probability cut-off is sigmoid(0.5) = 0.62 instead of one half. Logit 0 is probability 0.5.
//
// LOSS011: a logit compared with 0.5; compare with 0.
internal static class LogitsThresholdedAtHalf
{
    public static string Run()
    {
        var model = Linear(8, 1);
        var criterion = BCEWithLogitsLoss(pos_weights: tensor(5f));

        var features = Data.Features(32);
        var labels = Data.BinaryTargets(32);

        var logits = model.forward(features).squeeze(-1);
        var loss = criterion.forward(logits, labels);
        var predicted = (logits > 0.5).to_type(ScalarType.Float32);
        var accuracy = (predicted == labels).to_type(ScalarType.Float32).mean();

        return $"loss {Data.Format(loss)}, accuracy {Data.Format(accuracy)}";
    }
}
