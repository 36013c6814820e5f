using System.Globalization;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>Deterministic inputs for test programs, and their C# literals for embedding in a program's source.</summary>
internal static class TestData
{
    /// <summary><paramref name="rows"/> x <paramref name="columns"/> features in [-2, 2), row-major, from a seeded generator.</summary>
    public static float[] Features(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows * columns).Select(_ => (float)Math.Round(random.NextDouble() * 4 - 2, 3)).ToArray();
    }

    /// <summary>0/1 labels from a seeded generator, with at least one of each.</summary>
    public static long[] Labels(int rows, int seed)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, rows).Select(_ => (long)random.Next(2)).ToArray();
        labels[0] = 0;
        labels[^1] = 1;
        return labels;
    }

    /// <summary>Class indices in [0, <paramref name="classes"/>) from a seeded generator, with every class present.</summary>
    public static long[] Classes(int rows, int classes, int seed)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, rows).Select(_ => (long)random.Next(classes)).ToArray();
        for (var c = 0; c < classes; c++)
        {
            labels[c] = c;
        }

        return labels;
    }

    public static string Literal(IEnumerable<long> values) =>
        "new long[] { " + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + " }";

    public static string Literal(IEnumerable<float> values) =>
        "new float[] { " + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture) + "f")) + " }";
}
