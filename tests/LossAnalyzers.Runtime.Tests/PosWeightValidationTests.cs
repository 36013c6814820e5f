namespace LossAnalyzers.Runtime.Tests;

/// <summary>pos_weights against the input (LOSS006): one element, or one per label of the input's last dimension.</summary>
public class PosWeightValidationTests
{
    // The forum thread: class weights N / count for a yes/no problem, in float64, as pos_weight of a [16] output.
    private static Tensor ForumWeights() => tensor(new[] { 1.1734028683181226, 6.7669172932330826 });

    private const string ForumMessage =
        "pos_weights has 2 elements, [1.1734, 6.7669], but the input has shape [16]: one logit per sample, a single-label " +
        "binary (yes/no) output. pos_weights holds one weight per label, not one per class, and it is matched against the " +
        "last dimension of the input, which here is the batch. A single yes/no output is one label, so pos_weights takes " +
        "one element: negatives / positives, counted over the training data (ClassWeights.PosWeight(targets) computes " +
        "it). For class weights [w0, w1] that is w1 / w0, here 6.7669 / 1.1734 = 5.7669: pos_weights: " +
        "torch.tensor(new float[] { 5.7669f }). Two elements are right only for a two-label head: an input of shape " +
        "[16, 2] whose two columns are independent yes/no labels, with a target of the same shape. " +
        "[LOSS006: https://github.com/lossanalyzers/lossanalyzers/tree/main/docs/rules/LOSS006.md] (Parameter 'pos_weights')";

    [Fact]
    public void ForumCaseTwoWeightsOnSixteenLogitsExplainsLabelNotClass()
    {
        using var loss = ValidatedLoss.BCEWithLogitsLoss(pos_weights: ForumWeights());
        var e = Assert.Throws<LossValidationException>(() => loss.forward(randn(16), rand(16).round()));
        Assert.Equal("LOSS006", e.RuleId);
        Assert.Equal("pos_weights", e.ParamName);
        Assert.Equal(ForumMessage, e.Message);

        var f = Assert.Throws<LossValidationException>(() =>
            ValidatedLoss.binary_cross_entropy_with_logits(randn(16), rand(16).round(), pos_weights: ForumWeights()));
        Assert.Equal(ForumMessage, f.Message);
    }

    [Fact]
    public void ForumCaseOnAColumnInputSaysTheSame()
    {
        using var loss = ValidatedLoss.BCEWithLogitsLoss(pos_weights: ForumWeights());
        Throws.Validation("LOSS006", () => loss.forward(randn(16, 1), rand(16, 1).round()),
            "the input has shape [16, 1]: one logit per sample (in a column)",
            "pos_weights takes one element: negatives / positives",
            "6.7669 / 1.1734 = 5.7669",
            "an input of shape [16, 2]");
    }

    [Fact]
    public void BatchOfTheWeightsLengthIsCaughtInsteadOfWeightingByPosition()
    {
        // Two samples and two weights: libtorch runs and weights the first sample by 1.17, the second by 6.77.
        using var loss = ValidatedLoss.BCEWithLogitsLoss(pos_weights: ForumWeights());
        Throws.Validation("LOSS006", () => loss.forward(randn(2), ones(2)),
            "the input has shape [2]",
            "With 2 samples in the batch the lengths happen to line up",
            "each sample would be weighted by its position in the batch, whatever its label");
    }

    [Fact]
    public void ManyWeightsOnOneLogitPerSampleOmitTheValuesAndTheRatio()
    {
        using var loss = ValidatedLoss.BCEWithLogitsLoss(pos_weights: ones(16));
        var e = Throws.Validation("LOSS006", () => loss.forward(randn(16), ones(16)),
            "pos_weights has 16 elements, but the input has shape [16]",
            "For class weights [w0, w1] that is w1 / w0.",
            "16 elements are right only for a 16-label head");
        Assert.DoesNotContain(", here ", e.Message);
        Assert.DoesNotContain("[1, 1", e.Message);
    }

    [Fact]
    public void WrongLengthOnAMultiLabelHeadSaysOnePerLabel()
    {
        using var loss = ValidatedLoss.BCEWithLogitsLoss(pos_weights: tensor(new[] { 2f, 5f }));
        Throws.Validation("LOSS006", () => loss.forward(randn(16, 3), rand(16, 3).round()),
            "pos_weights has 2 elements, but the input has shape [16, 3]: 3 labels per sample (the last dimension).",
            "one element per label, 3 here, each that label's negatives / positives, or a single element shared by all labels",
            "ClassWeights.PosWeight(targets) computes the 3 ratios");
    }

    [Fact]
    public void TwoDimensionalPosWeightsIsRejectedWhenTheLossIsBuilt()
    {
        Throws.Validation("LOSS006", () => ValidatedLoss.BCEWithLogitsLoss(pos_weights: ones(1, 3)),
            "pos_weights has shape [1, 3], but it must be one-dimensional", "pos_weights.reshape(-1)");
        Throws.Validation("LOSS006", () => ValidatedLoss.binary_cross_entropy_with_logits(randn(4, 3), ones(4, 3), pos_weights: ones(1, 3)),
            "must be one-dimensional");
    }

    [Fact]
    public void OneWeightOrOnePerLabelIsAccepted()
    {
        using var single = ValidatedLoss.BCEWithLogitsLoss(pos_weights: tensor(new[] { 5f }));
        single.forward(randn(16), ones(16)).Dispose();
        single.forward(randn(16, 1), ones(16, 1)).Dispose();
        single.forward(randn(16, 3), ones(16, 3)).Dispose();

        using var perLabel = ValidatedLoss.BCEWithLogitsLoss(pos_weights: tensor(new[] { 1f, 2f, 3f }));
        perLabel.forward(randn(16, 3), ones(16, 3)).Dispose();
        perLabel.forward(randn(4, 5, 3), ones(4, 5, 3)).Dispose();
    }
}
