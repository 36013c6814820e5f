using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime.Tests;

/// <summary>
/// CTCLoss (LOSS021): lengths that do not fit the input name the sequence; with CheckValues, an input that is not
/// log-probabilities over the classes is refused with what it looks like; valid calls give TorchSharp's results.
/// </summary>
[Collection(CheckValuesCollection.Name)]
public class CtcValidationTests
{
    private const long T = 12, N = 3, C = 5;

    private static Tensor LogProbs() => randn(T, N, C).log_softmax(2).detach();

    private static Tensor Longs(params long[] v) => tensor(v);

    private static Tensor Targets() => tensor(new long[,] { { 1, 2, 2, 4 }, { 3, 1, 4, 0 }, { 2, 3, 0, 0 } });

    [Fact]
    public void AnInputLengthLongerThanTheInputNamesTheSequence()
    {
        var e = Throws.Validation("LOSS021", () => ValidatedLoss.CTCLoss().forward(LogProbs(), Targets(), Longs(12, 13, 8), Longs(4, 3, 2)),
            "input_lengths[1] is 13, but log_probs [12, 3, 5] has T = 12 time steps", "each input length must be 0 to T");
        Assert.Equal("input_lengths", e.ParamName);
    }

    [Fact]
    public void ATargetLongerThanItsInputNamesTheSequenceAndZeroInfinity()
    {
        Throws.Validation("LOSS021", () => ValidatedLoss.ctc_loss(LogProbs(), Targets(), Longs(12, 10, 2), Longs(4, 3, 3)),
            "Sequence 2 has a target of 3 labels but an input of 2 time steps (target_lengths[2] > input_lengths[2])",
            "the loss is infinite, or 0 with zero_infinity: true", "more time steps");
        Throws.Validation("LOSS021", () => ValidatedLoss.ctc_loss(LogProbs(), Targets(), Longs(12, 10, 8), Longs(4, 5, 2)),
            "target_lengths[1] is 5, but the padded targets [3, 4] hold at most 4 labels per sequence");
        Throws.Validation("LOSS021", () => ValidatedLoss.ctc_loss(LogProbs(), Longs(1, 2, 3, 4), Longs(12, 10, 8), Longs(2, 2, 1)),
            "The concatenated targets [4] hold 4 labels, but target_lengths add up to 5");
    }

    [Fact]
    public void ABatchFirstInputNamesThePermute() =>
        Throws.Validation("LOSS021", () => ValidatedLoss.ctc_loss(randn(N, T, C).log_softmax(2), Targets(), Longs(12, 10, 8), Longs(4, 3, 2)),
            "input_lengths has 3 elements, but log_probs [3, 12, 5] holds 12 sequences", "batch-first [N, T, C]", "log_probs.permute(1, 0, 2)");

    [Fact]
    public void TypesAndLabelsAreChecked()
    {
        Throws.Validation("LOSS021", () => ValidatedLoss.ctc_loss(LogProbs(), Targets(), tensor(new[] { 12f, 10f, 8f }), Longs(4, 3, 2)),
            "input_lengths is Float32", "input_lengths.to_type(ScalarType.Int64)");
        Throws.Validation("LOSS021", () => ValidatedLoss.ctc_loss(randn(T, C), Longs(1, 2), Longs(12), Longs(2), blank: 5),
            "blank is 5, but log_probs has C = 5 classes");
        Throws.Validation("LOSS021", () => ValidatedLoss.ctc_loss(LogProbs(), tensor(new long[,] { { 1, 2, 0, 4 }, { 3, 1, 4, 0 }, { 2, 3, 0, 0 } }), Longs(12, 10, 8), Longs(4, 3, 2)),
            "targets[0, 2] is the blank label 0", "CTC inserts blanks itself");
        Throws.Validation("LOSS021", () => ValidatedLoss.ctc_loss(LogProbs(), tensor(new long[,] { { 1, 2, 2, 4 }, { 3, 1, 7, 0 }, { 2, 3, 0, 0 } }), Longs(12, 10, 8), Longs(4, 3, 2)),
            "targets[1, 2] is 7, but log_probs has C = 5 classes");
        Throws.Validation("LOSS021", () => ValidatedLoss.ctc_loss(randn(T, N, C, 1), Targets(), Longs(12, 10, 8), Longs(4, 3, 2)),
            "log_probs is Float32 of shape [12, 3, 5, 1]");
    }

    [Fact]
    public void RowsThatAreNotLogProbabilitiesAreCheckedOnlyWithCheckValues()
    {
        var scores = randn(T, N, C);
        var args = (Targets(), Longs(12, 10, 8), Longs(4, 3, 2));
        Close.Equal(functional.ctc_loss(scores, args.Item1, args.Item2, args.Item3), ValidatedLoss.ctc_loss(scores, args.Item1, args.Item2, args.Item3));

        ValidatedLoss.CheckValues = true;
        try
        {
            Throws.Validation("LOSS021", () => ValidatedLoss.CTCLoss().forward(scores, args.Item1, args.Item2, args.Item3),
                "The rows of log_probs are not log-probabilities over the classes", "at time step 0 of sequence 0", "raw scores (logits)", "log_softmax(scores, -1)");
            Throws.Validation("LOSS021", () => ValidatedLoss.ctc_loss(scores.softmax(2), args.Item1, args.Item2, args.Item3),
                "like softmax probabilities: use log_softmax(scores, -1) instead of softmax");
            Throws.Validation("LOSS021", () => ValidatedLoss.ctc_loss(scores.log_softmax(0), args.Item1, args.Item2, args.Item3),
                "log-probabilities over dimension 0 (time)");
            var logProbs = scores.log_softmax(2);
            Close.Equal(functional.ctc_loss(logProbs, args.Item1, args.Item2, args.Item3), ValidatedLoss.ctc_loss(logProbs, args.Item1, args.Item2, args.Item3));
        }
        finally
        {
            ValidatedLoss.CheckValues = false;
        }
    }

    [Theory]
    [InlineData(Reduction.Mean, false)]
    [InlineData(Reduction.Sum, false)]
    [InlineData(Reduction.None, false)]
    [InlineData(Reduction.Mean, true)]
    public void ResultsAndGradientsAreTorchSharps(Reduction reduction, bool zeroInfinity)
    {
        manual_seed(21);
        var inputs = Longs(12, 10, 4);
        var lengths = Longs(4, 3, 2);
        foreach (var targets in new[] { Targets(), Longs(1, 2, 2, 4, 3, 1, 4, 2, 3), Targets().to_type(ScalarType.Int32) })
        {
            var expectedInput = LogProbs().requires_grad_();
            var actualInput = expectedInput.detach().clone().requires_grad_();
            var expected = functional.ctc_loss(expectedInput, targets, inputs, lengths, 0, zeroInfinity, reduction);
            var actual = ValidatedLoss.CTCLoss(zero_infinity: zeroInfinity, reduction: reduction).forward(actualInput, targets, inputs, lengths);
            Close.Equal(expected, actual);
            expected.sum().backward();
            actual.sum().backward();
            Close.Gradient(expectedInput.grad!, actualInput.grad!);
        }

        // One sequence, [T, C], blank last.
        var single = randn(T, C).log_softmax(1);
        Close.Equal(functional.ctc_loss(single, Longs(0, 1, 3), Longs(12), Longs(3), 4, false, reduction),
            ValidatedLoss.ctc_loss(single, Longs(0, 1, 3), Longs(12), Longs(3), blank: 4, reduction: reduction));
    }
}
