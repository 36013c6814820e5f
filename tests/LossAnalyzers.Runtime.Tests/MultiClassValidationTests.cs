namespace LossAnalyzers.Runtime.Tests;

/// <summary>
/// CrossEntropyLoss / NLLLoss / KLDivLoss validation: each mistake a LossValidationException with the rule of the same
/// mistake in source and a message that says what to do; correct calls give TorchSharp's results.
/// </summary>
[Collection(CheckValuesCollection.Name)]
public class MultiClassValidationTests
{
    private static Tensor Labels(params long[] values) => tensor(values);

    [Fact]
    public void Int32LabelsNameTheConversion()
    {
        using var ce = ValidatedLoss.CrossEntropyLoss();
        Throws.Validation("LOSS018", () => ce.forward(randn(3, 4), tensor(new int[] { 0, 1, 3 })),
            "The target's dtype is Int32", "expected scalar type Long but found Int", "target.to_type(ScalarType.Int64)", "new int[]");
        Throws.Validation("LOSS018", () => ValidatedLoss.nll_loss(randn(3, 4).log_softmax(1), tensor(new short[] { 0, 1, 3 })),
            "Int16", "found Short");
        Throws.Validation("LOSS018", () => ValidatedLoss.cross_entropy(randn(3, 4), tensor(new[] { true, false, true })), "Bool");
    }

    [Fact]
    public void ALabelEqualToTheClassCountNamesItsPositionAndC()
    {
        using var ce = ValidatedLoss.CrossEntropyLoss();
        var e = Throws.Validation("LOSS018", () => ce.forward(randn(5, 10), Labels(3, 9, 10, 2, 10)),
            "The target holds 10 at position 2", "C = 10 classes", "labels must be 0 to 9 or ignore_index (-100)",
            "2 labels are out of range", "run from 1 to 10: subtract 1");
        Assert.Equal("target", e.ParamName);
        Throws.Validation("LOSS018", () => ValidatedLoss.cross_entropy(randn(2, 3, 4), tensor(new long[,] { { 0, 1, 2, 1 }, { 0, -1, 2, 1 } })),
            "holds -1 at position [1, 1]", "mark left-out samples with ignore_index");
    }

    [Fact]
    public void IgnoreIndexLabelsAreNotOutOfRange()
    {
        var input = randn(4, 3);
        var target = Labels(0, -100, 2, 1);
        Close.Equal(nn.functional.cross_entropy(input, target), ValidatedLoss.cross_entropy(input, target));
        var padded = Labels(0, 7, 2, 7);
        Close.Equal(nn.functional.cross_entropy(input, padded, ignore_index: 7), ValidatedLoss.cross_entropy(input, padded, ignore_index: 7));
    }

    [Fact]
    public void ASequenceOutputWithClassesLastNamesThePermute()
    {
        using var ce = ValidatedLoss.CrossEntropyLoss();
        Throws.Validation("LOSS018", () => ce.forward(randn(2, 7, 5), zeros(2, 7, dtype: ScalarType.Int64)),
            "The input has shape [2, 7, 5] and the target [2, 7]", "[N, T, C]", "input.permute(0, 2, 1) ([2, 5, 7])",
            "input.reshape(-1, 5) and target.reshape(-1)");
    }

    [Fact]
    public void OtherShapeMistakes()
    {
        using var ce = ValidatedLoss.CrossEntropyLoss();
        Throws.Validation("LOSS018", () => ce.forward(randn(4, 3), zeros(4, 1, dtype: ScalarType.Int64)), "target.squeeze(-1)");
        Throws.Validation("LOSS018", () => ce.forward(randn(4, 3), zeros(4, 3, dtype: ScalarType.Int64)), "one-hot encoded", "target.argmax(1)");
        Throws.Validation("LOSS018", () => ce.forward(randn(4, 3), zeros(5, dtype: ScalarType.Int64)), "one class index per position, [4]");
        Throws.Validation("LOSS018", () => ValidatedLoss.nll_loss(randn(4, 3), rand(4, 3)), "class indices (Int64) of shape [4]", "KLDivLoss");
        Throws.Validation("LOSS018", () => ce.forward(randn(4, 3), rand(4)), "class probabilities of the input's shape [4, 3]", "to_type(ScalarType.Int64)");
    }

    [Fact]
    public void AOneOutputHeadIsConstant()
    {
        using var ce = ValidatedLoss.CrossEntropyLoss();
        Throws.Validation("LOSS003", () => ce.forward(randn(8, 1), zeros(8, dtype: ScalarType.Int64)),
            "The input [8, 1] has one class", "constant", "BCEWithLogitsLoss on input.squeeze(1)");
        Throws.Validation("LOSS003", () => ValidatedLoss.NLLLoss().forward(randn(8, 1), zeros(8, dtype: ScalarType.Int64)), "one class");
    }

    [Fact]
    public void ClassWeightsMustFitTheClasses()
    {
        Throws.Validation("LOSS008", () => ValidatedLoss.CrossEntropyLoss(weight: tensor(new float[] { 1f, -1f, 2f })), "weight element 1 is -1");
        Throws.Validation("LOSS008", () => ValidatedLoss.CrossEntropyLoss(weight: tensor(new long[] { 1, 2, 3 })), "weight has dtype Int64");
        Throws.Validation("LOSS008", () => ValidatedLoss.NLLLoss(weight: ones(3, 1)), "one-dimensional", "ClassWeights.ForCrossEntropy");
        using var ce = ValidatedLoss.CrossEntropyLoss(weight: ones(4));
        Throws.Validation("LOSS008", () => ce.forward(randn(2, 3), Labels(0, 2)), "weight has 4 elements", "C = 3 classes", "num_classes: 3");
        Throws.Validation("LOSS008", () => ValidatedLoss.cross_entropy(randn(2, 3), Labels(0, 2), weight: tensor(new[] { 1f, float.NaN, 1f })), "is NaN");

        // A zero drops a class: allowed.
        var input = randn(3, 3);
        var weight = tensor(new float[] { 1f, 0f, 2f });
        Close.Equal(nn.functional.cross_entropy(input, Labels(0, 1, 2), weight), ValidatedLoss.cross_entropy(input, Labels(0, 1, 2), weight));
    }

    [Fact]
    public void ForCrossEntropyWeightsFitWithoutConversion()
    {
        var labels = Labels(0, 1, 1, 2, 2, 2, 2, 2);
        var weight = ClassWeights.ForCrossEntropy(labels, num_classes: 3);
        using var ce = ValidatedLoss.CrossEntropyLoss(weight: weight);
        var input = randn(8, 3);
        Close.Equal(nn.functional.cross_entropy(input, labels, weight), ce.forward(input, labels));
    }

    [Fact]
    public void ClassProbabilitiesOfTheInputsShapeAreAccepted()
    {
        var input = randn(4, 3);
        var probabilities = softmax(randn(4, 3), 1);
        Close.Equal(nn.functional.cross_entropy(input, probabilities), ValidatedLoss.cross_entropy(input, probabilities));
        Close.Equal(nn.functional.cross_entropy(input, probabilities, label_smoothing: 0.2), ValidatedLoss.CrossEntropyLoss(label_smoothing: 0.2).forward(input, probabilities));
    }

    [Theory]
    [InlineData(nn.Reduction.Mean)]
    [InlineData(nn.Reduction.Sum)]
    [InlineData(nn.Reduction.None)]
    public void ResultsAreTorchSharps(nn.Reduction reduction)
    {
        var input = randn(6, 4, 5, dtype: ScalarType.Float64);
        var labels = randint(0, 4, new long[] { 6, 5 });
        var weight = rand(4, dtype: ScalarType.Float64) + 0.5;
        Close.Equal(nn.functional.cross_entropy(input, labels, weight, reduction: reduction, label_smoothing: 0.1),
            ValidatedLoss.CrossEntropyLoss(weight, reduction: reduction, label_smoothing: 0.1).forward(input, labels));
        var logp = input.log_softmax(1);
        Close.Equal(nn.functional.nll_loss(logp, labels, weight, reduction), ValidatedLoss.NLLLoss(weight, reduction).forward(logp, labels));
        var target = softmax(randn(6, 4, 5, dtype: ScalarType.Float64), 1);
        Close.Equal(nn.functional.kl_div(logp, target, false, reduction), ValidatedLoss.KLDivLoss(log_target: false, reduction).forward(logp, target));
    }

    [Fact]
    public void KLDivShapesAndDtypes()
    {
        using var kl = ValidatedLoss.KLDivLoss(log_target: false);
        Throws.Validation("LOSS015", () => kl.forward(randn(4, 3).log_softmax(1), rand(4, 2)), "The input has shape [4, 3] but the target [4, 2]");
        Throws.Validation("LOSS015", () => kl.forward(randn(4, 3), zeros(4, 3, dtype: ScalarType.Int64)), "floating-point", "Int64");
    }

    [Fact]
    public void KLDivValueChecksRunOnlyWhenAskedFor()
    {
        var probabilities = softmax(randn(4, 3), 1);
        var logProbabilities = randn(4, 3).log_softmax(1);

        // Off (the default): no data is read, the results are TorchSharp's.
        Close.Equal(nn.functional.kl_div(probabilities, probabilities, true), ValidatedLoss.kl_div(probabilities, probabilities, log_target: true));

        ValidatedLoss.CheckValues = true;
        try
        {
            Throws.Validation("LOSS014", () => ValidatedLoss.kl_div(probabilities, probabilities, log_target: false),
                "positive entries", "log_softmax");
            Throws.Validation("LOSS015", () => ValidatedLoss.kl_div(logProbabilities, probabilities, log_target: true),
                "rows are probabilities", "log_target: false", "TorchSharp's is true");
            Close.Equal(nn.functional.kl_div(logProbabilities, probabilities, false), ValidatedLoss.kl_div(logProbabilities, probabilities, log_target: false));
            Close.Equal(nn.functional.kl_div(logProbabilities, logProbabilities, true), ValidatedLoss.KLDivLoss(log_target: true).forward(logProbabilities, logProbabilities));
        }
        finally
        {
            ValidatedLoss.CheckValues = false;
        }
    }

    [Fact]
    public void LabelSmoothingOutOfRangeIsAnArgumentError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ValidatedLoss.CrossEntropyLoss(label_smoothing: 1.5));
    }
}

/// <summary>Tests that switch <see cref="ValidatedLoss.CheckValues"/> run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CheckValuesCollection
{
    public const string Name = "ValidatedLoss.CheckValues";
}
