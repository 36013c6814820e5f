using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime.Tests;

/// <summary>
/// The ±1 losses (MarginRanking, HingeEmbedding, SoftMargin, CosineEmbedding): a 0/1 (or other) target throws LOSS020,
/// counting the zeros and naming 2 * y - 1; shapes that do not fit throw LOSS019; -1/1 targets give TorchSharp's results.
/// </summary>
[Collection(CheckValuesCollection.Name)]
public class SignLabelValidationTests
{
    private static Tensor Signs(params float[] v) => tensor(v);

    [Fact]
    public void ZeroOneLabelsAreCountedAndConverted()
    {
        var zeroOne = Signs(1, 0, 0, 1, 0, 1);
        var x1 = randn(6);
        var x2 = randn(6);
        var e = Throws.Validation("LOSS020", () => ValidatedLoss.MarginRankingLoss(margin: 0.5).forward(x1, x2, zeroOne),
            "MarginRankingLoss takes labels -1 and 1, but the target holds 0 in 3 of its 6 elements (the first at position 1).",
            "a pair labelled 0 adds the constant margin and gets no gradient", "Convert 0/1 labels to -1/1 with 2 * y - 1 (target * 2 - 1).");
        Assert.Equal("target", e.ParamName);
        Throws.Validation("LOSS020", () => ValidatedLoss.margin_ranking_loss(x1, x2, zeroOne), "holds 0 in 3 of its 6", "2 * y - 1");
        Throws.Validation("LOSS020", () => ValidatedLoss.HingeEmbeddingLoss(margin: 1).forward(x1, zeroOne),
            "HingeEmbeddingLoss takes labels -1 and 1", "holds 0 in 3 of its 6", "counts as similar and dissimilar at once", "2 * y - 1");
        Throws.Validation("LOSS020", () => ValidatedLoss.hinge_embedding_loss(x1, zeroOne, margin: 1), "2 * y - 1");
        Throws.Validation("LOSS020", () => ValidatedLoss.SoftMarginLoss().forward(x1, zeroOne), "log(2) and gets no gradient", "2 * y - 1");
        Throws.Validation("LOSS020", () => ValidatedLoss.soft_margin_loss(x1, zeroOne), "holds 0 in 3 of its 6");
        var rows1 = randn(6, 4);
        var rows2 = randn(6, 4);
        Throws.Validation("LOSS020", () => ValidatedLoss.CosineEmbeddingLoss().forward(rows1, rows2, zeroOne),
            "CosineEmbeddingLoss takes labels -1 and 1", "adds nothing and gets no gradient", "2 * y - 1");
        Throws.Validation("LOSS020", () => ValidatedLoss.cosine_embedding_loss(rows1, rows2, zeroOne), "holds 0 in 3 of its 6");
    }

    [Fact]
    public void IntegerBoolAndOtherLabelsNameTheirValues()
    {
        var x = randn(2, 3);
        Throws.Validation("LOSS020", () => ValidatedLoss.SoftMarginLoss().forward(x, tensor(new long[,] { { 1, 0, 1 }, { 0, 0, 1 } })),
            "holds 0 in 3 of its 6 elements (the first at position [0, 1])", "target.to_type(ScalarType.Float32) * 2 - 1");
        Throws.Validation("LOSS020", () => ValidatedLoss.SoftMarginLoss().forward(x, tensor(new[,] { { true, false, true }, { true, true, true } })),
            "is Bool (true and false, read as 1 and 0), which cannot hold -1; it holds false in 1 of its 6 elements", "target.to_type(ScalarType.Float32) * 2 - 1");
        Throws.Validation("LOSS020", () => ValidatedLoss.SoftMarginLoss().forward(x, tensor(new[,] { { 1f, -1f, 2f }, { 1f, 1f, 0.5f } })),
            "holds 2 at position [0, 2]", "2 elements are neither -1, 0 nor 1", "for 0/1 labels: 2 * y - 1");
        Throws.Validation("LOSS020", () => ValidatedLoss.SoftMarginLoss().forward(x, tensor(new[,] { { 1f, 0f, 2f }, { 1f, 1f, 0.5f } })),
            "holds 0 in 1 of its 6", "2 elements are neither -1, 0 nor 1 (the first, 2, at position [0, 2])", "2 * y - 1");
        Throws.Validation("LOSS020", () => ValidatedLoss.SoftMarginLoss().forward(x, tensor(new[,] { { 1f, -1f, 1f }, { 1f, float.NaN, 1f } })),
            "holds NaN at position [1, 1]");
    }

    [Fact]
    public void EveryVectorLaneAndTheTailAreRead()
    {
        // One wrong label at each position of a target longer than several vectors: none may slip through.
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.Int64, ScalarType.Int32, ScalarType.Int16 })
        {
            for (var k = 0; k < 37; k++)
            {
                var labels = ones(37, dtype: dtype);
                labels[k] = tensor(0, dtype: dtype);
                Throws.Validation("LOSS020", () => ValidatedLoss.soft_margin_loss(randn(37), labels), $"holds 0 in 1 of its 37 elements (the first at position {k})");
            }

            var good = (randint(0, 2, new long[] { 37 }) * 2 - 1).to_type(dtype);
            var input = randn(37);
            Close.Equal(functional.soft_margin_loss(input, good), ValidatedLoss.soft_margin_loss(input, good));
        }
    }

    [Fact]
    public void NonContiguousTargetsAreRead()
    {
        var labels = -ones(4, 6);
        labels[2, 1] = tensor(0f);
        Throws.Validation("LOSS020", () => ValidatedLoss.soft_margin_loss(randn(6, 4), labels.t()), "holds 0 in 1 of its 24 elements (the first at position [1, 2])");
    }

    [Fact]
    public void LargeTargetsAreReadOnlyWithCheckValues()
    {
        const int n = 1_000_001;
        var input = randn(n);
        var target = ones(n);
        target[n - 1] = tensor(0f);
        Close.Equal(functional.soft_margin_loss(input, target), ValidatedLoss.soft_margin_loss(input, target));

        ValidatedLoss.CheckValues = true;
        try
        {
            Throws.Validation("LOSS020", () => ValidatedLoss.soft_margin_loss(input, target), "holds 0 in 1 of its 1000001 elements", "2 * y - 1");
        }
        finally
        {
            ValidatedLoss.CheckValues = false;
        }

        // At the limit the labels are read without CheckValues.
        var atLimit = ones(1_000_000);
        atLimit[5] = tensor(0f);
        Throws.Validation("LOSS020", () => ValidatedLoss.soft_margin_loss(randn(1_000_000), atLimit), "holds 0 in 1 of its 1000000 elements");
    }

    [Fact]
    public void ShapesThatDoNotFitAreLOSS019()
    {
        Throws.Validation("LOSS019", () => ValidatedLoss.HingeEmbeddingLoss(1).forward(randn(8, 1), Signs(1, -1, 1, -1, 1, -1, 1, -1)),
            "The input has shape [8, 1] but the target has shape [8].", "broadcasts them to [8, 8]", "input.squeeze(-1)");
        Throws.Validation("LOSS019", () => ValidatedLoss.margin_ranking_loss(randn(8, 1), randn(8), Signs(1, -1, 1, -1, 1, -1, 1, -1)),
            "input1 has shape [8, 1] but input2 has shape [8].", "input1.squeeze(-1)");
        Throws.Validation("LOSS019", () => ValidatedLoss.margin_ranking_loss(randn(8), randn(8), -ones(8, 1)),
            "input1 has shape [8] but the target has shape [8, 1].", "target.squeeze(-1)");
        // libtorch refuses a margin-ranking target of another rank, a 0-dim one included.
        Throws.Validation("LOSS019", () => ValidatedLoss.margin_ranking_loss(randn(8), randn(8), tensor(1f)),
            "input1 has shape [8] but the target has shape [].", "target.expand_as(input1)");
        Throws.Validation("LOSS019", () => ValidatedLoss.cosine_embedding_loss(randn(8, 3), randn(8, 3), -ones(8, 1)),
            "The target has shape [8, 1], but CosineEmbeddingLoss compares the rows of input1 and input2 [8, 3] and takes one label per row, [8].",
            "target.squeeze(-1)");
        Throws.Validation("LOSS019", () => ValidatedLoss.cosine_embedding_loss(randn(8, 3), randn(8, 4), -ones(8)),
            "input1 has shape [8, 3] but input2 has shape [8, 4]");
    }

    [Fact]
    public void MarginOfHingeEmbeddingHasNoDefault()
    {
        // LOSS022: the margin must be written (TorchSharp's functional form and constructor default it to 0, PyTorch to 1).
        var module = typeof(ValidatedLoss).GetMethod(nameof(ValidatedLoss.HingeEmbeddingLoss))!;
        Assert.False(module.GetParameters().Single(p => p.Name == "margin").HasDefaultValue);
        var functionalForm = typeof(ValidatedLoss).GetMethod(nameof(ValidatedLoss.hinge_embedding_loss))!;
        Assert.False(functionalForm.GetParameters().Single(p => p.Name == "margin").HasDefaultValue);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void ResultsAndGradientsAreTorchSharps(Reduction reduction)
    {
        manual_seed(20);
        var signs = randint(0, 2, new long[] { 16 }).to_type(ScalarType.Float32) * 2 - 1;
        var matrixSigns = randint(0, 2, new long[] { 16, 3 }).to_type(ScalarType.Float64) * 2 - 1;
        Same(i => functional.margin_ranking_loss(i[0], i[1], signs, 0.3, reduction),
             i => ValidatedLoss.MarginRankingLoss(0.3, reduction).forward(i[0], i[1], signs), randn(16), randn(16));
        // A target expanded from one label (stride 0): read through libtorch rather than as a span.
        var expanded = tensor(-1f).expand(16);
        Same(i => functional.margin_ranking_loss(i[0], i[1], expanded, 0, reduction),
             i => ValidatedLoss.margin_ranking_loss(i[0], i[1], expanded, reduction: reduction), randn(16), randn(16));
        Same(i => functional.hinge_embedding_loss(i[0], signs, 1.0, reduction),
             i => ValidatedLoss.HingeEmbeddingLoss(1.0, reduction).forward(i[0], signs), rand(16) * 2);
        Same(i => functional.hinge_embedding_loss(i[0], matrixSigns, 0.5, reduction),
             i => ValidatedLoss.hinge_embedding_loss(i[0], matrixSigns, 0.5, reduction), rand(16, 3, dtype: ScalarType.Float64) * 2);
        Same(i => functional.soft_margin_loss(i[0], matrixSigns, reduction),
             i => ValidatedLoss.SoftMarginLoss(reduction).forward(i[0], matrixSigns), randn(16, 3, dtype: ScalarType.Float64));
        Same(i => functional.soft_margin_loss(i[0], signs, reduction),
             i => ValidatedLoss.soft_margin_loss(i[0], signs, reduction), randn(16));
        Same(i => functional.cosine_embedding_loss(i[0], i[1], signs, 0.2, reduction),
             i => ValidatedLoss.CosineEmbeddingLoss(0.2, reduction).forward(i[0], i[1], signs), randn(16, 5), randn(16, 5));
        Same(i => functional.cosine_embedding_loss(i[0], i[1], tensor(1f), 0, reduction),
             i => ValidatedLoss.cosine_embedding_loss(i[0], i[1], tensor(1f), reduction: reduction), randn(5), randn(5));
    }

    // The loss and the gradient of every input, TorchSharp's against the validated form's, on copies of one leaf set.
    private static void Same(Func<Tensor[], Tensor> torchSharp, Func<Tensor[], Tensor> validated, params Tensor[] inputs)
    {
        var a = inputs.Select(t => t.detach().clone().requires_grad_()).ToArray();
        var b = inputs.Select(t => t.detach().clone().requires_grad_()).ToArray();
        var expected = torchSharp(a);
        var actual = validated(b);
        Close.Equal(expected, actual);
        expected.sum().backward();
        actual.sum().backward();
        for (var k = 0; k < a.Length; k++) Close.Gradient(a[k].grad!, b[k].grad!);
    }
}
