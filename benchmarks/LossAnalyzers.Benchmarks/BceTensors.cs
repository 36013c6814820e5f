using TorchSharp;
using static TorchSharp.torch;

namespace LossAnalyzers.Benchmarks;

/// <summary>
/// The benchmark's data: float32 logits ~ N(0, 2) that require grad, hard 0/1 targets, and a [1] pos_weight, the
/// contract's setting. The input is a leaf whose .grad stays between iterations, so each backward accumulates into
/// it in place for both losses, as in a loop that zeroes gradients rather than dropping them.
/// </summary>
public sealed class BceTensors : IDisposable
{
    public BceTensors(int length)
    {
        torch.manual_seed(42);
        Input = (torch.randn(length) * 2).requires_grad_(true);
        Target = torch.randint(0, 2, [length]).to_type(ScalarType.Float32);
        PosWeight = torch.tensor(new[] { 3f });
    }

    public Tensor Input { get; }

    public Tensor Target { get; }

    public Tensor PosWeight { get; }

    public void Dispose()
    {
        Input.Dispose();
        Target.Dispose();
        PosWeight.Dispose();
    }
}
