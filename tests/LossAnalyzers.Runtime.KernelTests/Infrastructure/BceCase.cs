namespace LossAnalyzers.Runtime.KernelTests.Infrastructure;

/// <summary>One random loss call: shape, targets, logits, weight and pos_weight, and a reduction.</summary>
internal sealed class BceCase : IDisposable
{
    private BceCase(string description, Tensor input, Tensor target, Tensor? weight, Tensor? posWeight, Reduction reduction)
    {
        Description = description;
        Input = input;
        Target = target;
        Weight = weight;
        PosWeight = posWeight;
        Reduction = reduction;
    }

    public string Description { get; }

    public Tensor Input { get; }

    public Tensor Target { get; }

    public Tensor? Weight { get; }

    public Tensor? PosWeight { get; }

    public Reduction Reduction { get; }

    /// <summary>
    /// A random case: 1-D, [N, C] or [N, T, C]; hard or soft targets; logits of a random scale with occasional
    /// ±1e4; no weight, a scalar, [C], [T, C], the full shape or a per-row [N, 1] (which libtorch computes);
    /// no pos_weight, [1] or [C]; any reduction.
    /// </summary>
    public static BceCase Random(Random random, ScalarType dtype, int maxElements = 6000)
    {
        long[] shape = random.Next(3) switch
        {
            0 => [random.Next(1, maxElements)],
            1 => [random.Next(1, 200), random.Next(1, 41)],
            _ => [random.Next(1, 20), random.Next(1, 12), random.Next(1, 17)],
        };
        long count = shape.Aggregate(1L, (a, b) => a * b);
        long columns = shape[^1];

        double scale = random.Next(4) switch { 0 => 0.5, 1 => 3, 2 => 20, _ => 100 };
        var logits = new double[count];
        for (long i = 0; i < count; i++)
        {
            logits[i] = random.Next(50) == 0 ? (random.Next(2) == 0 ? 1e4 : -1e4) : Normal(random) * scale;
        }

        bool hard = random.Next(2) == 0;
        var targets = new double[count];
        for (long i = 0; i < count; i++)
        {
            targets[i] = hard ? random.Next(2) : random.NextDouble();
        }

        Tensor? posWeight = random.Next(3) switch
        {
            0 => null,
            1 => torch.tensor(new[] { 0.25 + random.NextDouble() * 20 }, dtype),
            _ => torch.tensor(Positive(random, columns), dtype),
        };
        string weightKind;
        Tensor? weight;
        switch (random.Next(6))
        {
            case 0:
                weightKind = "scalar";
                weight = torch.tensor(Positive(random, 1), dtype).reshape([]);
                break;
            case 1:
                weightKind = "[C]";
                weight = torch.tensor(Positive(random, columns), dtype);
                break;
            case 2:
                weightKind = "full";
                weight = torch.tensor(Positive(random, count), dtype).reshape(shape);
                break;
            case 3 when shape.Length == 3:
                weightKind = "[T, C]";
                weight = torch.tensor(Positive(random, shape[1] * shape[2]), dtype).reshape(shape[1], shape[2]);
                break;
            case 3 when shape.Length == 2:
                weightKind = "[N, 1]";
                weight = torch.tensor(Positive(random, shape[0]), dtype).reshape(shape[0], 1);
                break;
            default:
                weightKind = "none";
                weight = null;
                break;
        }

        var reduction = (Reduction)random.Next(3);
        string description = $"{dtype} [{string.Join(", ", shape)}] {(hard ? "hard" : "soft")} scale {scale} weight {weightKind} " +
            $"pos_weight {(posWeight is null ? "none" : $"[{posWeight.numel()}]")} {reduction}";
        return new BceCase(
            description,
            torch.tensor(logits, dtype).reshape(shape),
            torch.tensor(targets, dtype).reshape(shape),
            weight,
            posWeight,
            reduction);
    }

    /// <summary>A given 1-D case with a [1] pos_weight.</summary>
    public static BceCase Of(double[] logits, double[] targets, ScalarType dtype, Reduction reduction, double posWeight) =>
        new(
            $"{dtype} {reduction} logits [{string.Join(", ", logits)}]",
            torch.tensor(logits, dtype),
            torch.tensor(targets, dtype),
            null,
            torch.tensor(new[] { posWeight }, dtype),
            reduction);

    /// <summary>The same case in float64: the inputs are exact in it, so TorchSharp's result is the exact loss to ~1e-15.</summary>
    public BceCase InFloat64() =>
        new(
            Description + " (float64 reference)",
            Input.to_type(ScalarType.Float64),
            Target.to_type(ScalarType.Float64),
            Weight?.to_type(ScalarType.Float64),
            PosWeight?.to_type(ScalarType.Float64),
            Reduction);

    public void Dispose()
    {
        Input.Dispose();
        Target.Dispose();
        Weight?.Dispose();
        PosWeight?.Dispose();
    }

    public override string ToString() => Description;

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double[] Positive(Random random, long count)
    {
        var values = new double[count];
        for (long i = 0; i < count; i++)
        {
            values[i] = 0.1 + random.NextDouble() * 5;
        }

        return values;
    }
}
