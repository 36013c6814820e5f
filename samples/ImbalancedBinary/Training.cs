using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ImbalancedBinary;

/// <summary>The same small network and schedule for both runs; only the loss differs.</summary>
internal static class Training
{
    public const int Epochs = 12;
    private const int BatchSize = 256;

    public static Module<Tensor, Tensor> Train(string name, Loss<Tensor, Tensor, Tensor> criterion, Tensor features, Tensor targets, long seed)
    {
        manual_seed(seed);
        var model = Sequential(
            ("hidden", Linear(Blobs.Features, 16)),
            ("relu", ReLU()),
            ("output", Linear(16, 1)));
        var optimizer = optim.Adam(model.parameters(), lr: 0.01);
        var n = features.shape[0];

        for (var epoch = 1; epoch <= Epochs; epoch++)
        {
            using var order = randperm(n);
            double total = 0;
            for (long start = 0; start < n; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = order[TensorIndex.Slice(start, Math.Min(start + BatchSize, n))];
                var logits = model.forward(features[batch]).squeeze(-1);   // one logit per sample: [batch]
                var loss = criterion.forward(logits, targets[batch]);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                total += loss.item<float>() * batch.shape[0];
            }
            Console.WriteLine($"{name,-9} epoch {epoch,2}/{Epochs}  loss {total / n:F4}");
        }
        return model;
    }
}
