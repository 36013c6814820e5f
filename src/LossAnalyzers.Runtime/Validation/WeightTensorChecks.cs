using System.Linq;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// A weight tensor on its own (LOSS008): floating point, on the input's device, every element finite; pos_weights
/// positive, weight non-negative. A zero per-element weight is how padded or masked elements are left out (a common
/// pattern with sequence models), so it is accepted; a zero pos_weights only ever silences the positives.
/// The value check reads the tensor, so the module form makes it once, when the loss is built.
/// </summary>
internal static class WeightTensorChecks
{
    /// <param name="name"><c>weight</c> or <c>pos_weights</c>.</param>
    /// <param name="w">The weight.</param>
    /// <param name="inputDtype">The input's dtype when known (the functional form), for the conversion the message suggests.</param>
    public static void CheckDtype(string name, Tensor w, ScalarType? inputDtype)
    {
        if (w.is_floating_point()) return;
        var to = inputDtype is { } d ? $"ScalarType.{d}" : "ScalarType.Float32";
        var which = inputDtype is null ? "(or your model's floating type)" : "(the input's type)";
        throw new LossValidationException(RuleIds.WeightValues,
            $"{name} has dtype {w.dtype}, but weights must be floating point. Convert it with {name}.to_type({to}) {which}.",
            name);
    }

    public static void CheckDevice(string name, Tensor w, Tensor input)
    {
        if (w.device_type == input.device_type && w.device_index == input.device_index) return;
        throw new LossValidationException(RuleIds.WeightValues,
            $"{name} is on {TensorText.Device(w)} but the input is on {TensorText.Device(input)}. Create {name} on the " +
            $"input's device ({name}.to(input.device)) before building the loss: moving the loss with .to() or .cuda() " +
            "does not move its weights.",
            name);
    }

    public static void CheckValues(string name, Tensor w)
    {
        var zeroAllowed = name != "pos_weights";
        if (AllValid(w, zeroAllowed)) return;

        // Error path only: copy to the CPU and find the first offending element for the message.
        var values = TensorText.Values(w);
        var bad = Enumerable.Range(0, values.Length).Where(k => !((values[k] > 0 || (zeroAllowed && values[k] == 0)) && double.IsFinite(values[k]))).ToArray();
        var first = bad[0];
        var value = values[first];
        var element = $"{name} element {TensorText.Index(first, w.shape)}";
        var allowed = zeroAllowed ? "non-negative and finite" : "positive and finite";
        var others = bad.Length > 1 ? $" ({bad.Length} of its {values.Length} elements are not {allowed}.)" : "";
        string what = value switch
        {
            0 => $"{element} is 0. A zero pos_weights removes the positives from the loss and from the gradient: the model gets no signal to predict them.",
            double.NaN => $"{element} is NaN, which makes every loss it touches NaN, and every gradient with it" +
                          (name == "pos_weights" ? " (for pos_weights that is every element, negatives included)" : "") +
                          ". It usually comes from a ratio with a zero count, such as a label or class with no examples.",
            double.PositiveInfinity or double.NegativeInfinity =>
                $"{element} is infinite, which gives an infinite loss, and NaN wherever it meets a zero. It usually comes " +
                "from a ratio with a zero count, such as negatives / positives for a label with no positives.",
            _ => $"{element} is {TensorText.Number(value)}, negative. A negative weight turns the loss around: the more " +
                 "wrong the model is, the lower the loss, so training pushes those elements the wrong way without bound.",
        };
        var fix = name == "pos_weights"
            ? " Use finite, positive values: negatives / positives for each label (below 1 makes positives count less)."
            : " Use finite, non-negative weights (0 leaves an element out).";
        throw new LossValidationException(RuleIds.WeightValues, what + others + fix, name);
    }

    private static bool AllValid(Tensor w, bool zeroAllowed)
    {
        // NaN compares false with 0, so "> 0" (or ">= 0") rejects NaN and the negatives; isfinite rejects +infinity.
        using var positive = zeroAllowed ? w.ge(0) : w.gt(0);
        using var finite = w.isfinite();
        using var both = positive.logical_and(finite);
        using var all = both.all();
        return all.item<bool>();
    }
}
