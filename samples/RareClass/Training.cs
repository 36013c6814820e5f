using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RareClass;

/// <summary>The same network and schedule for both runs; only the loss differs.</summary>
internal static class Training
{
    private const int Epochs = 8;
    private const int BatchSize = 128;

    public static Module<Tensor, Tensor> Train(string name, Loss<Tensor, Tensor, Tensor> criterion, Clusters.Data data, long seed)
    {
        manual_seed(seed);
        var model = Sequential(Linear(Clusters.Features, 32), ReLU(), Linear(32, Clusters.Classes));
        var optimizer = optim.Adam(model.parameters(), lr: 0.01);
        var n = data.Labels.shape[0];
        for (var epoch = 1; epoch <= Epochs; epoch++)
        {
            using var order = randperm(n);
            double total = 0;
            for (long start = 0; start < n; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = order[TensorIndex.Slice(start, Math.Min(start + BatchSize, n))];
                var loss = criterion.forward(model.forward(data.Features[batch]), data.Labels[batch]);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                total += loss.item<float>() * batch.shape[0];
            }

            Console.WriteLine($"{name,-9} epoch {epoch}/{Epochs}  loss {total / n:F4}");
        }

        return model;
    }

    /// <summary>Each class's recall, as "97.1%" columns.</summary>
    public static string Recall(Module<Tensor, Tensor> model, Clusters.Data data)
    {
        model.eval();
        var predicted = model.forward(data.Features).argmax(1);
        return string.Join("  ", Enumerable.Range(0, Clusters.Classes).Select(c =>
        {
            var ofClass = data.Labels.eq(c);
            var found = (predicted.eq(c) & ofClass).sum().item<long>();
            return $"{100.0 * found / ofClass.sum().item<long>(),6:F1}%";
        }));
    }
}
