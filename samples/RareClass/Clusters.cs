using TorchSharp;
using static TorchSharp.torch;

namespace RareClass;

/// <summary>Labelled points around one centre per class, in a plane, overlapping enough that the rare class is hard.</summary>
internal static class Clusters
{
    public const int Classes = 4;
    public const int Features = 2;

    private static readonly float[,] Centres = { { 0f, 0f }, { 3f, 0f }, { 0f, 3f }, { 1.6f, 1.6f } };

    public sealed record Data(Tensor Features, Tensor Labels);

    public static Data Make(long[] perClass)
    {
        var features = new List<Tensor>();
        var labels = new List<Tensor>();
        for (var c = 0; c < Classes; c++)
        {
            var centre = tensor(new[] { Centres[c, 0], Centres[c, 1] });
            features.Add(randn(perClass[c], Features) * 1.1f + centre);
            labels.Add(full(perClass[c], c, dtype: ScalarType.Int64));
        }

        return new Data(cat(features, 0), cat(labels, 0));
    }
}
