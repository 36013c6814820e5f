using TorchSharp;
using static TorchSharp.torch;

namespace SeedMisuses;

// Situation: the model returns raw scores and the user turns them into probabilities right in the loss
// call, because BCELoss "wants values between 0 and 1".
//
// LOSS001: torch.sigmoid(...) is applied inline on the way into BCELoss.
internal static class SigmoidInlineIntoBce
{
    public static string Run()
    {
        var model = nn.Linear(8, 1);
        var criterion = nn.BCELoss();

        var features = Data.Features(16);
        var labels = Data.BinaryTargets(16);

        var scores = model.forward(features).squeeze(-1);
        var loss = criterion.forward(torch.sigmoid(scores), labels);

        return "loss " + Data.Format(loss);
    }
}
