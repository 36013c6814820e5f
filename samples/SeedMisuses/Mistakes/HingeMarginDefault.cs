using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: a metric-learning model embeds pairs of items; pairs labelled 1 are the same item, -1 different items.
// The user ports PyTorch's HingeEmbeddingLoss recipe to TorchSharp's functional form and keeps the defaults.
//
// LOSS022 (Info, raised to a warning in .editorconfig): hinge_embedding_loss leaves margin to TorchSharp's default,
// 0.0, where PyTorch and TorchSharp's own nn.HingeEmbeddingLoss() use 1.0: different items that are already apart
// cost nothing, so nothing pushes them further apart.
internal static class HingeMarginDefault
{
    public static string Run()
    {
        var encoder = Sequential(Linear(8, 16), ReLU(), Linear(16, 4));
        var distances = functional.pairwise_distance(encoder.forward(Data.Features(12)), encoder.forward(Data.Features(12)));
        var same = Data.BinaryTargets(12) * 2 - 1;
        var loss = functional.hinge_embedding_loss(distances, same);

        return "loss " + Data.Format(loss);
    }
}
