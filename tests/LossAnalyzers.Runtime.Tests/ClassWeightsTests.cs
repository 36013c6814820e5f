namespace LossAnalyzers.Runtime.Tests;

/// <summary>ClassWeights on small data checked by hand.</summary>
public class ClassWeightsTests
{
    private static float[] Floats(Tensor t)
    {
        Assert.Equal(ScalarType.Float32, t.dtype);
        return t.data<float>().ToArray();
    }

    [Fact]
    public void PosWeightOfSingleLabelTargetsIsNegativesOverPositives()
    {
        // 2 positives, 8 negatives: 8 / 2 = 4.
        var targets = tensor(new[] { 1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 0f });
        var pw = ClassWeights.PosWeight(targets);
        Assert.Equal(new long[] { 1 }, pw.shape);
        Assert.Equal(new[] { 4f }, Floats(pw));

        Assert.Equal(new[] { 4f }, Floats(ClassWeights.PosWeight(targets.unsqueeze(-1))));
        Assert.Equal(new[] { 4f }, Floats(ClassWeights.PosWeight(targets.to_type(ScalarType.Int64))));
        Assert.Equal(new[] { 4f }, Floats(ClassWeights.PosWeight(targets == 1)));
    }

    [Fact]
    public void PosWeightOfMultiLabelTargetsHasOneElementPerColumn()
    {
        var targets = tensor(new float[,]
        {
            { 1, 0, 1 },
            { 0, 0, 1 },
            { 0, 1, 1 },
            { 0, 0, 0 },
        });
        // column 0: 3 / 1, column 1: 3 / 1, column 2: 1 / 3.
        var pw = ClassWeights.PosWeight(targets);
        Assert.Equal(new long[] { 3 }, pw.shape);
        Assert.Equal(new[] { 3f, 3f, 1f / 3f }, Floats(pw));

        // Every dimension but the last counts as samples: [2, 2, 3] is the same 4 rows.
        Assert.Equal(new[] { 3f, 3f, 1f / 3f }, Floats(ClassWeights.PosWeight(targets.reshape(2, 2, 3))));
    }

    [Fact]
    public void PosWeightFromTargetsFitsValidatedLoss()
    {
        manual_seed(3);
        var targets = (rand(64, 3) < 0.2).to_type(ScalarType.Float32);
        using var loss = ValidatedLoss.BCEWithLogitsLoss(pos_weights: ClassWeights.PosWeight(targets));
        Assert.True(double.IsFinite(loss.forward(randn(64, 3), targets).item<float>()));
    }

    [Fact]
    public void PosWeightNamesTheColumnWithoutPositivesAndItsCounts()
    {
        var targets = tensor(new float[,]
        {
            { 1, 0, 0 },
            { 0, 0, 1 },
            { 0, 0, 0 },
            { 1, 0, 0 },
            { 0, 0, 0 },
        });
        var e = Throws.Validation("LOSS008", () => ClassWeights.PosWeight(targets),
            "Label column 1 has no positives (5 negatives and 0 positives over 5 rows)",
            "negatives / positives would be infinite",
            "count over the whole training set rather than one batch",
            "drop a label that never occurs from the head");
        Assert.Equal("targets", e.ParamName);

        targets[TensorIndex.Colon, 2] = zeros(5);
        Throws.Validation("LOSS008", () => ClassWeights.PosWeight(targets), "Label column 1 has no positives", "; columns 1 and 2 have none");
    }

    [Fact]
    public void PosWeightOfSingleLabelTargetsWithoutPositivesSaysSo() =>
        Throws.Validation("LOSS008", () => ClassWeights.PosWeight(zeros(1000)),
            "The targets have no positives: all 1000 are 0, so negatives / positives would be infinite.");

    [Fact]
    public void PosWeightWithoutNegativesWouldBeZero() =>
        Throws.Validation("LOSS008", () => ClassWeights.PosWeight(ones(8, 2)),
            "Label column 0 has no negatives (8 positives and 0 negatives over 8 rows); columns 0 and 1 have none",
            "would be 0, and a zero pos_weights removes the positives from the loss");

    [Fact]
    public void PosWeightOfClassIndicesPointsToForCrossEntropy() =>
        Throws.Validation("LOSS006", () => ClassWeights.PosWeight(tensor(new long[] { 0, 3, 1, 2 })),
            "PosWeight counts 0/1 labels, but the targets hold values from 0 to 3",
            "use ClassWeights.ForCrossEntropy(labels, num_classes) with CrossEntropyLoss instead");

    [Fact]
    public void PosWeightOfAScalarIsRejected() =>
        Throws.Validation("LOSS006", () => ClassWeights.PosWeight(tensor(1f)), "got shape [] of dtype Float32");

    [Fact]
    public void PosWeightFromCounts()
    {
        var pw = ClassWeights.PosWeight(negatives: 990, positives: 10);
        Assert.Equal(new long[] { 1 }, pw.shape);
        Assert.Equal(new[] { 99f }, Floats(pw));

        var e = Throws.Validation("LOSS008", () => ClassWeights.PosWeight(negatives: 5, positives: 0),
            "The targets have no positives: all 5 are 0");
        Assert.Equal("positives", e.ParamName);
        Throws.Validation("LOSS008", () => ClassWeights.PosWeight(negatives: 0, positives: 5), "no negatives");
        Throws.Validation("LOSS008", () => ClassWeights.PosWeight(negatives: -1, positives: 5), "Counts cannot be negative");
    }

    [Fact]
    public void ForCrossEntropyIsBalanced()
    {
        // N = 6, C = 3, counts 3, 1, 2: 6 / 9, 6 / 3, 6 / 6.
        var weights = ClassWeights.ForCrossEntropy(tensor(new long[] { 0, 0, 0, 1, 2, 2 }), num_classes: 3);
        Assert.Equal(new long[] { 3 }, weights.shape);
        Assert.Equal(new[] { 2f / 3f, 2f, 1f }, Floats(weights));

        // CrossEntropyLoss's ignore_index (-100) is not counted.
        Assert.Equal(new[] { 2f / 3f, 2f, 1f }, Floats(ClassWeights.ForCrossEntropy(tensor(new long[] { 0, -100, 0, 0, 1, 2, 2 }), 3)));
        // Int32 labels and a [N, 1] shape count the same.
        Assert.Equal(new[] { 2f / 3f, 2f, 1f }, Floats(ClassWeights.ForCrossEntropy(tensor(new[] { 0, 0, 0, 1, 2, 2 }).unsqueeze(-1), 3)));
    }

    [Fact]
    public void ForCrossEntropyNamesTheClassWithoutExamples()
    {
        var e = Throws.Validation("LOSS008", () => ClassWeights.ForCrossEntropy(tensor(new long[] { 0, 0, 2, 4 }), num_classes: 5),
            "Class 1 has no examples among the 4 labels, so its balanced weight, N / (C * count) = 4 / (5 * 0), would be infinite",
            "(classes 1 and 3 have none)",
            "Check num_classes and the labels");
        Assert.Equal("labels", e.ParamName);
    }

    [Fact]
    public void ForCrossEntropyRejectsLabelsOutOfRange()
    {
        Throws.Validation("LOSS008", () => ClassWeights.ForCrossEntropy(tensor(new long[] { 1, 2, 3, 3 }), num_classes: 3),
            "labels holds 3 (at flat index 2), outside the classes 0 to 2 of num_classes 3; 2 labels are out of range",
            "whether the labels start at 1 instead of 0");
        Throws.Validation("LOSS008", () => ClassWeights.ForCrossEntropy(tensor(new long[] { 0, -1 }), num_classes: 3), "labels holds -1");
        Throws.Validation("LOSS008", () => ClassWeights.ForCrossEntropy(tensor(new[] { 0f, 0.5f }), num_classes: 2),
            "labels has dtype Float32 and holds 0.5 (at flat index 1)", "labels.to_type(ScalarType.Int64)");
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassWeights.ForCrossEntropy(tensor(new long[] { 0 }), num_classes: 0));
    }

    [Fact]
    public void SampleWeightsAreBalancedPerClass()
    {
        // N = 4, K = 2 classes: class 0 has 3 samples, 4 / (2 * 3); class 1 has 1, 4 / (2 * 1). They sum to N.
        var expected = new[] { 2f / 3f, 2f / 3f, 2f, 2f / 3f };
        var weights = ClassWeights.SampleWeights(tensor(new long[] { 0, 0, 1, 0 }));
        Assert.Equal(new long[] { 4 }, weights.shape);
        Assert.Equal(expected, Floats(weights));
        Assert.Equal(4f, weights.sum().item<float>(), 5);

        // 0/1 float binary targets, bool targets and a [N, 1] column give the same weights.
        Assert.Equal(expected, Floats(ClassWeights.SampleWeights(tensor(new[] { 0f, 0f, 1f, 0f }))));
        Assert.Equal(expected, Floats(ClassWeights.SampleWeights(tensor(new[] { false, false, true, false }))));
        Assert.Equal(expected, Floats(ClassWeights.SampleWeights(tensor(new[] { 0f, 0f, 1f, 0f }).unsqueeze(-1))));

        // Three classes with 1, 2 and 3 samples: each class's weights sum to N / K = 2.
        var three = Floats(ClassWeights.SampleWeights(tensor(new long[] { 2, 1, 2, 0, 1, 2 })));
        Assert.Equal(new[] { 2f / 3f, 1f, 2f / 3f, 2f, 1f, 2f / 3f }, three);
    }

    [Fact]
    public void SampleWeightsDrawEveryClassEquallyOften()
    {
        manual_seed(11);
        var labels = (rand(10000) < 0.02).to_type(ScalarType.Int64);
        var draws = multinomial(ClassWeights.SampleWeights(labels), 20000, replacement: true);
        var positives = labels[draws].to_type(ScalarType.Float32).mean().item<float>();
        Assert.InRange(positives, 0.47f, 0.53f);
    }

    [Fact]
    public void SampleWeightsRejectLabelsThatAreNotOneClassPerSample()
    {
        Throws.Validation("LOSS008", () => ClassWeights.SampleWeights(ones(4, 3)),
            "SampleWeights needs one class per sample, shape [N] (or [N, 1]); got shape [4, 3]", "ClassWeights.PosWeight(targets)");
        Throws.Validation("LOSS008", () => ClassWeights.SampleWeights(tensor(new[] { 0.2f, 1f })), "holds 0.2");
        Throws.Validation("LOSS008", () => ClassWeights.SampleWeights(tensor(new long[] { 0, -1 })), "labels holds -1");
    }

    [Fact]
    public void CountsDoNotFallIntoTheSumZeroTrap()
    {
        // labels.sum(0) binds to sum(ScalarType.Byte) in TorchSharp: 300 positives would count as 44.
        var targets = ones(400);
        targets[TensorIndex.Slice(0, 100)] = zeros(100);
        Assert.Equal(ScalarType.Byte, targets.sum(0).dtype);
        Assert.Equal(new[] { 100f / 300f }, Floats(ClassWeights.PosWeight(targets)));
    }
}
