using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// KLDivLoss: input and target of one shape, floating, on one device (LOSS015); with
/// <see cref="ValidatedLoss.CheckValues"/> on, an input with positive entries is not log-probabilities (LOSS014) and
/// a target whose rows are probabilities (in [0, 1], summing to 1) read with <c>log_target</c> true is the PyTorch-port
/// mistake (LOSS015).
/// </summary>
internal static class KLDivChecks
{
    public static void Check(Tensor input, Tensor target, bool logTarget)
    {
        var inputShape = Shapes.Of(input);
        var targetShape = Shapes.Of(target);
        if (!input.is_floating_point() || !target.is_floating_point())
            throw new LossValidationException(RuleIds.KLDivTarget,
                $"KLDivLoss takes floating-point tensors, but the input is {input.dtype} and the target {target.dtype}. Convert " +
                "them with .to_type(ScalarType.Float32).",
                input.is_floating_point() ? "target" : "input");

        if (!System.Linq.Enumerable.SequenceEqual(inputShape, targetShape))
            throw new LossValidationException(RuleIds.KLDivTarget,
                $"The input has shape {TensorText.Shape(inputShape)} but the target {TensorText.Shape(targetShape)}. KLDivLoss " +
                "compares two distributions element by element: both must have the same shape, [N, C] with a distribution over " +
                "the C classes in each row.",
                "target");

        if (target.device_type != input.device_type || target.device_index != input.device_index)
            throw new LossValidationException(RuleIds.KLDivTarget,
                $"The target is on {TensorText.Device(target)} but the input is on {TensorText.Device(input)}. Move the target " +
                "with target.to(input.device).",
                "target");

        if (!ValidatedLoss.CheckValues || inputShape.Length == 0) return;

        using var scope = NewDisposeScope();
        var largest = input.max().to_type(ScalarType.Float64).item<double>();
        if (largest > 1e-6)
            throw new LossValidationException(RuleIds.KLDivInput,
                $"The input has positive entries (the largest is {TensorText.Number(largest)}), so it is not log-probabilities, " +
                "which are never above 0. KLDivLoss computes target * (log target - input): pass log_softmax(scores, -1) of the " +
                "model's scores (softmax outputs need log_softmax instead; raw scores need it too).",
                "input");

        if (logTarget && LooksLikeProbabilities(target))
            throw new LossValidationException(RuleIds.KLDivTarget,
                "The target's rows are probabilities (every entry in [0, 1], each row summing to 1), but log_target is true, so " +
                "KLDivLoss reads them as log-probabilities and computes a wrong value without any error. Pass log_target: false " +
                "(PyTorch's default; TorchSharp's is true), or pass log_softmax of the teacher's scores as the target.",
                "target");
    }

    private static bool LooksLikeProbabilities(Tensor target)
    {
        var inRange = (target.ge(0) & target.le(1)).all().item<bool>();
        if (!inRange) return false;
        var sums = target.dim() == 1 ? target.sum() : target.sum(-1);
        return (sums - 1).abs().max().to_type(ScalarType.Float64).item<double>() < 1e-3;
    }
}
