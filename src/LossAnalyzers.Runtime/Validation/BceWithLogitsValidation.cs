using System;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// Every check of a BCE-with-logits call, split by when it can be made: the weights alone (dtype, rank, values) once
/// when a module is built, everything that needs the input on every call. The per-call part reads only metadata
/// (shapes, dtypes, devices): no tensor is read or allocated, so it adds no device synchronisation to a training step.
/// </summary>
internal static class BceWithLogitsValidation
{
    /// <summary>The weights on their own: floating, pos_weights one-dimensional, every value positive and finite.</summary>
    public static void CheckWeights(Tensor? weight, Tensor? posWeights, ScalarType? inputDtype)
    {
        if (posWeights is not null)
        {
            WeightTensorChecks.CheckDtype("pos_weights", posWeights, inputDtype);
            PosWeightChecks.CheckRank(posWeights);
        }
        if (weight is not null) WeightTensorChecks.CheckDtype("weight", weight, inputDtype);
        if (posWeights is not null) WeightTensorChecks.CheckValues("pos_weights", posWeights);
        if (weight is not null) WeightTensorChecks.CheckValues("weight", weight);
    }

    /// <summary>The arguments against the input; <paramref name="posWeights"/> already checked by <see cref="CheckWeights"/>.</summary>
    public static void CheckCall(Tensor input, Tensor target, Tensor? weight, Tensor? posWeights)
    {
        if (input is null) throw new ArgumentNullException(nameof(input));
        if (target is null) throw new ArgumentNullException(nameof(target));

        var inputShape = Shapes.Of(input);
        TargetChecks.Check(input, inputShape, target);
        if (posWeights is not null)
        {
            PosWeightChecks.CheckLength(inputShape, posWeights);
            WeightTensorChecks.CheckDevice("pos_weights", posWeights, input);
        }
        if (weight is not null)
        {
            WeightShapeChecks.CheckBroadcast(inputShape, weight);
            WeightTensorChecks.CheckDevice("weight", weight, input);
        }
    }
}
