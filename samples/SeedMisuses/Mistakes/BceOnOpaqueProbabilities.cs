using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: a training helper takes "probabilities" from its caller and scores them with BCELoss. Where
// they come from is not visible here, so it is not a proven sigmoid (no LOSS001), but BCELoss still
// forces the caller to produce probabilities and offers no pos_weights.
//
// LOSS012 (info): prefer logits with BCEWithLogitsLoss. `dotnet build` prints no Info diagnostics, so the
// sample's .editorconfig raises LOSS012 to a warning for this file only.
internal static class BceOnOpaqueProbabilities
{
    public static string Run()
    {
        var probabilities = rand(16).clamp(0.01, 0.99);
        var labels = Data.BinaryTargets(16);

        return "loss " + Data.Format(Score(probabilities, labels));
    }

    private static Tensor Score(Tensor probabilities, Tensor labels)
    {
        var criterion = BCELoss();
        return criterion.forward(probabilities, labels);
    }
}
