namespace LossAnalyzers.Runtime.Tests;

/// <summary>The target: the input's shape, floating point, the input's device (LOSS009), in both forms.</summary>
public class TargetValidationTests
{
    private static void BothForms(string ruleId, Tensor input, Tensor target, params string[] phrases)
    {
        using var loss = ValidatedLoss.BCEWithLogitsLoss();
        Throws.Validation(ruleId, () => loss.forward(input, target), phrases);
        Throws.Validation(ruleId, () => ValidatedLoss.binary_cross_entropy_with_logits(input, target), phrases);
    }

    [Fact]
    public void ColumnInputAgainstFlatTargetSaysSqueezeTheInput() =>
        BothForms("LOSS009", randn(16, 1), rand(16).round(),
            "The input has shape [16, 1] but the target has shape [16].",
            "one logit per sample from a one-output head, kept in a column",
            "squeeze the input with input.squeeze(-1), which makes it [16] like the target",
            "or unsqueeze the target with target.unsqueeze(-1), which makes it [16, 1] like the input");

    [Fact]
    public void FlatInputAgainstColumnTargetSaysSqueezeTheTarget() =>
        BothForms("LOSS009", randn(16), rand(16, 1).round(),
            "The input has shape [16] but the target has shape [16, 1].",
            "squeeze the target with target.squeeze(-1), which makes it [16] like the input",
            "or unsqueeze the input with input.unsqueeze(-1)");

    [Fact]
    public void OneHotTargetForOneLogitSaysPassTheLabels() =>
        BothForms("LOSS009", randn(16), rand(16, 2).round(),
            "The input has shape [16] but the target has shape [16, 2].",
            "it looks like one_hot of class labels",
            "pass labels.to_type(ScalarType.Float32) instead of one_hot(labels, 2)",
            "the model needs 2 outputs, shape [16, 2]");

    [Fact]
    public void TwoColumnHeadWithOneLabelPerSampleExplainsTheChoices() =>
        BothForms("LOSS009", randn(16, 2), rand(16).round(),
            "The input has shape [16, 2] but the target has shape [16].",
            "give the target the input's shape [16, 2]",
            "use one logit per sample (a head with one output, squeezed to [16]) and pos_weights with one element",
            "use CrossEntropyLoss with the class indices instead");

    [Fact]
    public void OtherShapeMismatchesSayTheTargetIsNotBroadcast() =>
        BothForms("LOSS009", randn(16, 3), rand(8, 3).round(),
            "The input has shape [16, 3] but the target has shape [8, 3].",
            "does not broadcast the target");

    [Fact]
    public void Int64TargetSaysConvertToTheInputsType()
    {
        var classes = randint(0, 2, new long[] { 16 });
        BothForms("LOSS009", randn(16), classes,
            "The target's dtype is Int64",
            "needs a floating-point target",
            "Convert it with target.to_type(ScalarType.Float32)",
            "functional.one_hot and class indices are Int64");
        BothForms("LOSS009", randn(16, dtype: ScalarType.Float64), classes,
            "of the input's type, Float64",
            "target.to_type(ScalarType.Float64)");
    }

    [Fact]
    public void OneHotTargetOfATwoColumnHeadIsCaughtAsInt64()
    {
        // The forum thread's suggested fix, one_hot(label, 2) for a [16, 2] head, without the conversion.
        var onehot = nn.functional.one_hot(randint(0, 2, new long[] { 16 }), 2);
        BothForms("LOSS009", randn(16, 2), onehot, "The target's dtype is Int64", "target.to_type(ScalarType.Float32)");
    }

    [Fact]
    public void BoolTargetSaysComparisonsGiveBool()
    {
        var labels = randint(0, 2, new long[] { 16 });
        BothForms("LOSS009", randn(16), labels == 1,
            "The target's dtype is Bool", "comparisons such as labels == 1 are Bool", "target.to_type(ScalarType.Float32)");
    }

    [Fact]
    public void TargetOnAnotherDeviceNamesBothDevices()
    {
        // The meta device has shapes and dtypes but no data: enough to test a device check on a CPU-only machine.
        var target = zeros(16, device: new Device(DeviceType.META));
        BothForms("LOSS009", randn(16), target,
            "The target is on meta but the input is on cpu", "target.to(input.device)");
    }

    [Fact]
    public void NullArgumentsAreArgumentNullExceptions()
    {
        using var loss = ValidatedLoss.BCEWithLogitsLoss();
        Assert.Throws<ArgumentNullException>(() => loss.forward(null!, randn(3)));
        Assert.Throws<ArgumentNullException>(() => ValidatedLoss.binary_cross_entropy_with_logits(randn(3), null!));
    }
}
