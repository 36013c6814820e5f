using static TorchSharp.torch;

namespace ImbalancedBinary;

/// <summary>
/// Two overlapping Gaussian blobs in 8 dimensions, one positive for every hundred negatives. The positives' centre is
/// shifted along the first four features only, so the classes overlap and the rare class is easy to give up on.
/// </summary>
internal static class Blobs
{
    public const int Features = 8;

    public static (Tensor features, Tensor targets) Make(int negatives, int positives)
    {
        var shift = zeros(Features);
        shift[TensorIndex.Slice(0, 4)] = full(4, 1.5f);
        var negative = randn(negatives, Features);
        var positive = randn(positives, Features) + shift;
        var features = cat(new[] { negative, positive });
        var targets = cat(new[] { zeros(negatives), ones(positives) });

        // Shuffled once, so that batches mix both classes.
        var order = randperm(negatives + positives);
        return (features[order], targets[order]);
    }
}
