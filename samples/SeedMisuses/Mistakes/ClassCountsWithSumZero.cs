using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: multi-label data (each sample can have any of three labels); pos_weights per label is
// "negatives / positives", counted over the data set with labels.sum(0). In C# the constant 0 converts to
// the ScalarType enum, so sum(0) picks the overload sum(ScalarType? type): it adds up every element of
// the tensor into one Byte (ScalarType 0), which wraps around at 256. The "counts" are one wrong number.
//
// LOSS013: 0 bound to a ScalarType parameter; sum(dim: 0) was meant.
internal static class ClassCountsWithSumZero
{
    public static string Run()
    {
        var labels = Data.BinaryTargets(0.3, 300, 3);

        var positives = labels.sum(0);
        var intended = labels.sum(dim: 0);
        var posWeights = (300 - positives.to_type(ScalarType.Float32)) / positives.to_type(ScalarType.Float32);

        var model = Linear(8, 3);
        var criterion = BCEWithLogitsLoss(pos_weights: posWeights);
        var loss = criterion.forward(model.forward(Data.Features(300)), labels);

        return $"sum(0) = {positives.item<byte>()} ({positives.dtype}) where sum(dim: 0) = [{string.Join(", ", intended.data<float>().ToArray())}], loss {Data.Format(loss)}";
    }
}
