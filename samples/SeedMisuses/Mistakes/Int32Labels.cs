using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: the labels come from a CSV column parsed into an int[], and torch.tensor(labels) looks like
// Python's torch.tensor([...]). In C# an int[] makes an Int32 tensor; CrossEntropyLoss needs Int64 class indices
// and throws "expected scalar type Long but found Int" at the first batch.
//
// LOSS018: an Int32 class-index target reaches CrossEntropyLoss; .to_type(ScalarType.Int64) fixes it.
internal static class Int32Labels
{
    public static string Run()
    {
        var model = Linear(8, 3);
        var criterion = CrossEntropyLoss();

        var column = new[] { 0, 2, 1, 1, 0, 2, 2, 1 };
        var labels = tensor(column);

        var loss = criterion.forward(model.forward(Data.Features(column.Length)), labels);
        return "loss " + Data.Format(loss);
    }
}
