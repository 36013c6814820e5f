namespace LossAnalyzers.Runtime.Tests;

/// <summary>weight's shape (LOSS007); the weights' dtype, device and values (LOSS008).</summary>
public class WeightValidationTests
{
    [Fact]
    public void ClassWeightsAsWeightOnOneLogitPerSampleSayMoveThemToPosWeights()
    {
        var classWeights = tensor(new[] { 1f, 5f });
        string[] phrases =
        {
            "weight has 2 elements, [1, 5], but the input has shape [16]: one logit per sample",
            "it does not weight classes",
            "Put the class balance in pos_weights instead, as one element, w1 / w0, here 5 / 1 = 5: pos_weights: torch.tensor(new float[] { 5f })",
            "A weight per sample has the input's shape, [16].",
        };
        using var loss = ValidatedLoss.BCEWithLogitsLoss(weight: classWeights);
        var e = Throws.Validation("LOSS007", () => loss.forward(randn(16), ones(16)), phrases);
        Assert.Equal("weight", e.ParamName);
        Throws.Validation("LOSS007", () => ValidatedLoss.binary_cross_entropy_with_logits(randn(16), ones(16), classWeights), phrases);
        Throws.Validation("LOSS007", () => loss.forward(randn(16, 1), ones(16, 1)),
            "the input has shape [16, 1]", "here 5 / 1 = 5");
    }

    [Fact]
    public void PerSampleWeightOnAMultiLabelInputSaysUnsqueeze()
    {
        using var loss = ValidatedLoss.BCEWithLogitsLoss(weight: rand(16) + 0.5);
        Throws.Validation("LOSS007", () => loss.forward(randn(16, 3), ones(16, 3)),
            "weight has shape [16], which does not broadcast to the input's shape [16, 3]",
            "Use shape [3] for one weight per label column, [16, 1] for one weight per sample",
            "use weight.unsqueeze(-1), shape [16, 1]");
    }

    [Fact]
    public void WeightWithMoreDimensionsThanTheInputIsRejected()
    {
        // libtorch would fail with "output with shape [4] doesn't match the broadcast shape [4, 4]".
        Throws.Validation("LOSS007", () => ValidatedLoss.binary_cross_entropy_with_logits(randn(4), ones(4), ones(4, 1)),
            "weight has shape [4, 1], which does not broadcast to the input's shape [4]",
            "cannot have more dimensions than the input");
    }

    [Fact]
    public void BroadcastableWeightsAreAccepted()
    {
        ValidatedLoss.binary_cross_entropy_with_logits(randn(16, 3), ones(16, 3), tensor(new[] { 1f, 2f, 3f })).Dispose();
        ValidatedLoss.binary_cross_entropy_with_logits(randn(16, 3), ones(16, 3), ones(16, 1)).Dispose();
        ValidatedLoss.binary_cross_entropy_with_logits(randn(16, 3), ones(16, 3), ones(16, 3)).Dispose();
        ValidatedLoss.binary_cross_entropy_with_logits(randn(16), ones(16), tensor(2f)).Dispose();
    }

    [Theory]
    [InlineData(0f, "pos_weights element 0 is 0. A zero pos_weights removes the positives from the loss and from the gradient")]
    [InlineData(-1f, "pos_weights element 0 is -1, negative. A negative weight turns the loss around")]
    [InlineData(float.NaN, "pos_weights element 0 is NaN, which makes every loss it touches NaN", "negatives included")]
    [InlineData(float.PositiveInfinity, "pos_weights element 0 is infinite", "negatives / positives for a label with no positives")]
    public void BadPosWeightsValueIsRejectedWhenTheLossIsBuilt(float value, params string[] phrases)
    {
        var all = phrases.Append("Use finite, positive values: negatives / positives for each label (below 1 makes positives count less).").ToArray();
        var e = Throws.Validation("LOSS008", () => ValidatedLoss.BCEWithLogitsLoss(pos_weights: tensor(new[] { value })), all);
        Assert.Equal("pos_weights", e.ParamName);
        Throws.Validation("LOSS008", () =>
            ValidatedLoss.binary_cross_entropy_with_logits(randn(4), ones(4), pos_weights: tensor(new[] { value })), all);
    }

    [Fact]
    public void BadWeightNamesTheFirstElementAndHowManyAreBad()
    {
        var weight = tensor(new[] { 1f, -2f, 2f, -3f });
        Throws.Validation("LOSS008", () => ValidatedLoss.BCEWithLogitsLoss(weight: weight),
            "weight element 1 is -2, negative",
            "(2 of its 4 elements are not non-negative and finite.)",
            "Use finite, non-negative weights (0 leaves an element out).");

        var grid = ones(2, 3);
        grid[1, 2] = tensor(float.NaN);
        Throws.Validation("LOSS008", () => ValidatedLoss.binary_cross_entropy_with_logits(randn(2, 3), ones(2, 3), grid),
            "weight element [1, 2] is NaN");
    }

    [Fact]
    public void SmallPositivePosWeightsIsAccepted()
    {
        // Below 1 makes positives count less, which is legitimate when they outnumber the negatives.
        using var loss = ValidatedLoss.BCEWithLogitsLoss(pos_weights: tensor(new[] { 0.25f }));
        loss.forward(randn(8), ones(8)).Dispose();
    }

    [Fact]
    public void IntegerWeightsAreRejected()
    {
        Throws.Validation("LOSS008", () => ValidatedLoss.BCEWithLogitsLoss(pos_weights: tensor(new long[] { 5 })),
            "pos_weights has dtype Int64, but weights must be floating point",
            "pos_weights.to_type(ScalarType.Float32) (or your model's floating type)");
        Throws.Validation("LOSS008", () =>
                ValidatedLoss.binary_cross_entropy_with_logits(randn(4, dtype: ScalarType.Float64), ones(4, dtype: ScalarType.Float64), tensor(new long[] { 1, 2, 3, 4 })),
            "weight has dtype Int64", "weight.to_type(ScalarType.Float64) (the input's type)");
    }

    [Fact]
    public void WeightsOnAnotherDeviceThanTheInputAreRejected()
    {
        var meta = new Device(DeviceType.META);
        using var loss = ValidatedLoss.BCEWithLogitsLoss(weight: ones(4), pos_weights: tensor(new[] { 3f }));
        Throws.Validation("LOSS008", () => loss.forward(zeros(4, device: meta), zeros(4, device: meta)),
            "pos_weights is on cpu but the input is on meta",
            "moving the loss with .to() or .cuda() does not move its weights");

        using var weighted = ValidatedLoss.BCEWithLogitsLoss(weight: ones(4));
        Throws.Validation("LOSS008", () => weighted.forward(zeros(4, device: meta), zeros(4, device: meta)),
            "weight is on cpu but the input is on meta");
    }

    [Fact]
    public void ZeroElementWeightsMaskElementsOut()
    {
        // Padding masks: a per-element weight of 0 leaves those elements out, as in TorchSharp's own loss.
        var input = randn(3, 4);
        var target = ones(3, 4);
        var mask = tensor(new float[,] { { 1, 1, 0, 0 }, { 1, 1, 1, 0 }, { 1, 0, 0, 0 } });
        using var loss = ValidatedLoss.BCEWithLogitsLoss(weight: mask);
        var expected = nn.functional.binary_cross_entropy_with_logits(input, target, mask).item<float>();
        Assert.Equal(expected, loss.forward(input, target).item<float>(), 5);
        Assert.Equal(expected, ValidatedLoss.binary_cross_entropy_with_logits(input, target, mask).item<float>(), 5);
    }

    [Fact]
    public void ModuleChecksValuesOnceFunctionalOnEveryCall()
    {
        // Changed in place after the module was built: the module does not read the weights again, the functional form does.
        var pw = tensor(new[] { 2f });
        using var loss = ValidatedLoss.BCEWithLogitsLoss(pos_weights: pw);
        pw.fill_(0);
        loss.forward(randn(4), ones(4)).Dispose();
        Throws.Validation("LOSS008", () => ValidatedLoss.binary_cross_entropy_with_logits(randn(4), ones(4), pos_weights: pw),
            "pos_weights element 0 is 0");
    }
}
