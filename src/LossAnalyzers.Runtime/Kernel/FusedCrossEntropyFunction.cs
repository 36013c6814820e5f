using System.Collections.Generic;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>The fused cross-entropy as an autograd function (see <see cref="FusedLossFunction{TSelf}"/>); Mean and Sum only.</summary>
internal sealed class FusedCrossEntropyFunction : FusedLossFunction<FusedCrossEntropyFunction>
{
    /// <inheritdoc/>
    public override string Name => "FusedCrossEntropyBackward";

    /// <summary>The loss of <paramref name="input"/> through autograd.</summary>
    public static Tensor Apply(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, Reduction reduction, double smoothing) =>
        Run(input, new Call(target, weight, ignoreIndex, reduction, smoothing));

    private sealed class Call(Tensor target, Tensor? weight, long ignoreIndex, Reduction reduction, double smoothing) : FusedCall
    {
        public override Tensor?[] Operands => [target, weight];

        public override bool AlwaysScale => false;

        public override Tensor Forward(Tensor input, IReadOnlyList<Tensor?> operands, Tensor gradient) =>
            FusedCrossEntropy.Forward(input, operands[0]!, operands[1], ignoreIndex, reduction, smoothing, gradient);
    }
}
