using LossAnalyzers.Runtime.Validation;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

/// <summary>
/// <c>BCEWithLogitsLoss</c> that checks its arguments before computing: the module built by
/// <see cref="ValidatedLoss.BCEWithLogitsLoss"/>. Its results are those of TorchSharp's
/// <c>torch.nn.BCEWithLogitsLoss</c>; a mistake throws a <see cref="LossValidationException"/> that names it, the
/// shapes or values involved and the fix, instead of a libtorch error or a silently wrong loss.
/// </summary>
/// <remarks>
/// The weights' values are checked once, here, when the loss is built; each call checks only what depends on the
/// input (shapes, dtypes, devices), which reads no tensor data. Changing a weight in place after building the loss
/// is not re-checked. Like TorchSharp's own loss, moving the module with <c>.to()</c> does not move its weights:
/// create them on the device the input will be on.
/// </remarks>
public sealed class ValidatedBCEWithLogitsLoss : WeightedLoss<Tensor, Tensor, Tensor>
{
    // A scalar pos_weights is read as one element; the compute seam takes one-dimensional weights only.
    private readonly Tensor? _posWeights1d;
    private readonly bool _ownsPosWeights1d;

    internal ValidatedBCEWithLogitsLoss(Tensor? weight, Reduction reduction, Tensor? pos_weights)
        : base(Checked(weight, pos_weights), reduction)
    {
        this.pos_weights = pos_weights;
        _ownsPosWeights1d = pos_weights is not null && pos_weights.dim() == 0;
        // Detached from any dispose scope the caller builds the loss in: the view lives as long as the module.
        _posWeights1d = _ownsPosWeights1d ? pos_weights!.reshape(1).DetachFromDisposeScope() : pos_weights;
    }

    /// <summary>The weight of the positive term per label, as given: one element, or one per label of the input's last dimension.</summary>
    public Tensor? pos_weights { get; }

    /// <summary>The loss of <paramref name="input"/> (logits) against <paramref name="target"/> (0/1 labels or probabilities).</summary>
    /// <param name="input">Logits, any shape.</param>
    /// <param name="target">A floating tensor of the input's shape, on the input's device.</param>
    /// <returns>The loss: a scalar for <see cref="Reduction.Mean"/> and <see cref="Reduction.Sum"/>, the input's shape for <see cref="Reduction.None"/>.</returns>
    /// <exception cref="LossValidationException">An argument does not fit the input; the message says how to fix it.</exception>
    public override Tensor forward(Tensor input, Tensor target)
    {
        BceWithLogitsValidation.CheckCall(input, target, weight, _posWeights1d);
        return BceWithLogitsCompute.Compute(input, target, weight, _posWeights1d, reduction);
    }

    /// <summary>Releases the module and the one-element view of a scalar pos_weights it made; the caller's weights stay alive.</summary>
    /// <param name="disposing">Whether called from <c>Dispose()</c>.</param>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsPosWeights1d) _posWeights1d?.Dispose();
        base.Dispose(disposing);
    }

    // Runs before the base constructor, so that a rejected weight creates no native module.
    private static Tensor? Checked(Tensor? weight, Tensor? posWeights)
    {
        BceWithLogitsValidation.CheckWeights(weight, posWeights, inputDtype: null);
        return weight;
    }
}
