using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// The class weight of CrossEntropyLoss / NLLLoss (LOSS008): one-dimensional, one element per class, floating, on the
/// input's device, finite and non-negative (a zero drops a class). Values are read once by the module form.
/// </summary>
internal static class ClassWeightChecks
{
    public static void CheckOwn(Tensor? weight, ScalarType? inputDtype)
    {
        if (weight is null) return;
        WeightTensorChecks.CheckDtype("weight", weight, inputDtype);
        if (weight.dim() != 1)
            throw new LossValidationException(RuleIds.WeightValues,
                $"weight has shape {TensorText.Shape(Shapes.Of(weight))}, but a class weight is one-dimensional: one element per " +
                "class, [C]. ClassWeights.ForCrossEntropy(labels, num_classes) computes it from the labels.",
                "weight");
        WeightTensorChecks.CheckValues("weight", weight);
    }

    public static void CheckAgainst(string loss, Tensor? weight, Tensor input, long[] inputShape)
    {
        if (weight is null) return;
        WeightTensorChecks.CheckDevice("weight", weight, input);
        var classes = inputShape[inputShape.Length == 1 ? 0 : 1];
        var length = weight.size(0);
        if (length != classes)
            throw new LossValidationException(RuleIds.WeightValues,
                $"weight has {TensorText.Elements(length)}, but the input {TensorText.Shape(inputShape)} has C = {classes} classes: " +
                $"{loss} takes one weight per class. Compute it for {classes} classes, e.g. ClassWeights.ForCrossEntropy(labels, num_classes: {classes}).",
                "weight");
    }
}
