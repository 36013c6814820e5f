using LossAnalyzers.Runtime.KernelTests.Infrastructure;

namespace LossAnalyzers.Runtime.KernelTests;

/// <summary>Inputs large enough to be split give the same bits on one thread and on two.</summary>
public sealed class ThreadCountTests
{
    private const int Length = 1 << 20;   // 32 blocks: split whenever two threads are allowed

    [Theory]
    [InlineData(Reduction.Mean, false)]
    [InlineData(Reduction.Sum, true)]
    public void Spans_give_identical_bits_for_one_and_two_threads(Reduction reduction, bool weighted)
    {
        var random = new Random(3);
        var logits = Values(random, Length, 8);
        var targets = Values(random, Length, 0).Select(v => v > 0 ? 1f : 0f).ToArray();
        float[] posWeight = [0.5f, 2f, 7f, 1f];
        float[] weight = weighted ? Values(random, 4096, 1).Select(MathF.Abs).ToArray() : [];

        (double Loss, float[] Gradient) Run(int threads)
        {
            using var forced = new KernelSwitch(VectorPath.Auto, threads);
            var gradient = new float[Length];
            double loss = BinaryCrossEntropyKernel.Forward(logits, targets, weight, posWeight, gradient, reduction);
            return (loss, gradient);
        }

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(BitConverter.DoubleToInt64Bits(one.Loss), BitConverter.DoubleToInt64Bits(two.Loss));
        Assert.True(one.Gradient.AsSpan().SequenceEqual(two.Gradient), "gradients differ between 1 and 2 threads");
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void Tensors_give_identical_bits_for_one_and_two_threads(ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(11);
        var input = (torch.randn(Length / 16, 16, dtype: dtype) * 5).requires_grad_(true);
        var target = torch.rand(Length / 16, 16, dtype: dtype);
        var posWeight = torch.rand(16, dtype: dtype) + 0.5;

        (byte[] Loss, byte[] Gradient) Run(int threads)
        {
            using var forced = new KernelSwitch(VectorPath.Auto, threads);
            input.grad = null;
            var loss = BceWithLogitsCompute.Compute(input, target, null, posWeight, Reduction.Mean);
            loss.backward();
            return (loss.bytes.ToArray(), input.grad!.bytes.ToArray());
        }

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Loss, two.Loss);
        Assert.True(one.Gradient.AsSpan().SequenceEqual(two.Gradient), "gradients differ between 1 and 2 threads");
    }

    [Fact]
    public void Torch_thread_setting_is_the_default()
    {
        int before = torch.get_num_threads();
        try
        {
            torch.set_num_threads(1);
            Assert.Equal(1, FusedBce.Threads);
            torch.set_num_threads(2);
            Assert.Equal(2, FusedBce.Threads);
            using var forced = new KernelSwitch(VectorPath.Auto, threads: 1);
            Assert.Equal(1, FusedBce.Threads);
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }

    private static float[] Values(Random random, int count, float scale)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale + (scale == 0 ? random.NextDouble() - 0.5 : 0));
        }

        return values;
    }
}
