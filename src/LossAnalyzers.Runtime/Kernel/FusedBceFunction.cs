using System.Collections.Generic;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>The fused BCE-with-logits as an autograd function (see <see cref="FusedLossFunction{TSelf}"/>).</summary>
internal sealed class FusedBceFunction : FusedLossFunction<FusedBceFunction>
{
    /// <inheritdoc/>
    public override string Name => "FusedBinaryCrossEntropyWithLogitsBackward";

    /// <summary>The loss of <paramref name="input"/> through autograd.</summary>
    public static Tensor Apply(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight, Reduction reduction) =>
        Run(input, new Call(target, weight, posWeight, reduction));

    private sealed class Call(Tensor target, Tensor? weight, Tensor? posWeight, Reduction reduction) : FusedCall
    {
        public override Tensor?[] Operands => [target, weight, posWeight];

        // Reduction.None: the upstream gradient is per element.
        public override bool AlwaysScale => reduction == Reduction.None;

        public override Tensor Forward(Tensor input, IReadOnlyList<Tensor?> operands, Tensor gradient) =>
            FusedBce.Forward(input, operands[0]!, operands[1], operands[2], reduction, gradient);
    }
}
