using System;
using System.Globalization;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// How tensors, shapes and numbers are written in validation messages: the way the user writes them in C#
/// (<c>[16, 2]</c>, <c>ScalarType.Float32</c>, <c>5.7669</c>), in the invariant culture so that a message reads the
/// same on every machine and can be pasted into code.
/// </summary>
internal static class TensorText
{
    /// <summary><c>[16, 2]</c>; a scalar is <c>[]</c>.</summary>
    public static string Shape(long[] shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>A number as a message shows it: five significant digits, invariant culture, NaN and infinities by name.</summary>
    public static string Number(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "+infinity",
        double.NegativeInfinity => "-infinity",
        _ => value.ToString("G5", CultureInfo.InvariantCulture),
    };

    /// <summary>A count or a sum of soft labels: whole numbers without a fraction.</summary>
    public static string Count(double value) => value.ToString("G7", CultureInfo.InvariantCulture);

    /// <summary>A float literal as C# code would write it: <c>5.7669f</c>.</summary>
    public static string FloatLiteral(double value) => value.ToString("G5", CultureInfo.InvariantCulture) + "f";

    /// <summary>The device as TorchSharp prints it: <c>cpu</c>, <c>cuda:0</c>.</summary>
    public static string Device(Tensor t) =>
        t.device_index < 0 ? t.device_type.ToString().ToLowerInvariant() : $"{t.device_type.ToString().ToLowerInvariant()}:{t.device_index}";

    /// <summary>The values of a small tensor, <c>[1.1734, 6.7669]</c>, or null when it has more than <paramref name="max"/> elements.</summary>
    public static string? SmallValues(Tensor t, int max = 8)
    {
        if (t.numel() > max) return null;
        return "[" + string.Join(", ", Values(t).Select(Number)) + "]";
    }

    /// <summary>Every element as a double, in row-major order (error paths only: copies the tensor to the CPU).</summary>
    public static double[] Values(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().cpu().to_type(ScalarType.Float64).contiguous().reshape(-1).data<double>().ToArray();
    }

    /// <summary>The multi-index of a row-major flat index: <c>[3, 1]</c>; a one-dimensional tensor's index is just the number.</summary>
    public static string Index(long flatIndex, long[] shape)
    {
        if (shape.Length <= 1) return flatIndex.ToString(CultureInfo.InvariantCulture);
        var index = new long[shape.Length];
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flatIndex % shape[d];
            flatIndex /= shape[d];
        }
        return Shape(index);
    }

    /// <summary>"1 element", "2 elements".</summary>
    public static string Elements(long n) => n == 1 ? "1 element" : $"{n.ToString(CultureInfo.InvariantCulture)} elements";

    /// <summary>A list of indices in prose: "2", "2 and 5", "1, 2 and 5".</summary>
    public static string List<T>(System.Collections.Generic.IReadOnlyList<T> items) => items.Count switch
    {
        0 => "",
        1 => Convert.ToString(items[0], CultureInfo.InvariantCulture)!,
        _ => string.Join(", ", items.Take(items.Count - 1).Select(i => Convert.ToString(i, CultureInfo.InvariantCulture)))
             + " and " + Convert.ToString(items[items.Count - 1], CultureInfo.InvariantCulture),
    };
}
