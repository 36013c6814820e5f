using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime.Tests;

/// <summary>
/// MSE, L1, smooth L1 and Huber: an input and target of different shapes throw LOSS019 naming both shapes, what they
/// broadcast to and the squeeze that fixes it; equal shapes and a one-element target give TorchSharp's results.
/// </summary>
public class RegressionValidationTests
{
    public sealed record Form(string Name, Func<Tensor, Tensor, Reduction, Tensor> Validated, Func<Tensor, Tensor, Reduction, Tensor> TorchSharp)
    {
        public override string ToString() => Name;
    }

    private static readonly Form[] Forms =
    {
        new("MSELoss", (i, t, r) => ValidatedLoss.MSELoss(r).forward(i, t), (i, t, r) => functional.mse_loss(i, t, r)),
        new("mse_loss", (i, t, r) => ValidatedLoss.mse_loss(i, t, r), (i, t, r) => functional.mse_loss(i, t, r)),
        new("L1Loss", (i, t, r) => ValidatedLoss.L1Loss(r).forward(i, t), (i, t, r) => functional.l1_loss(i, t, r)),
        new("l1_loss", (i, t, r) => ValidatedLoss.l1_loss(i, t, r), (i, t, r) => functional.l1_loss(i, t, r)),
        new("SmoothL1Loss", (i, t, r) => ValidatedLoss.SmoothL1Loss(r, beta: 0.5).forward(i, t), (i, t, r) => functional.smooth_l1_loss(i, t, r, 0.5)),
        new("smooth_l1_loss", (i, t, r) => ValidatedLoss.smooth_l1_loss(i, t, r), (i, t, r) => functional.smooth_l1_loss(i, t, r)),
        new("HuberLoss", (i, t, r) => ValidatedLoss.HuberLoss(delta: 0.7, reduction: r).forward(i, t), (i, t, r) => functional.huber_loss(i, t, 0.7, r)),
        new("huber_loss", (i, t, r) => ValidatedLoss.huber_loss(i, t, reduction: r), (i, t, r) => functional.huber_loss(i, t, reduction: r)),
    };

    public static TheoryData<Form> AllForms()
    {
        var data = new TheoryData<Form>();
        foreach (var f in Forms) data.Add(f);
        return data;
    }

    public static TheoryData<Form, Reduction> FormsAndReductions()
    {
        var data = new TheoryData<Form, Reduction>();
        foreach (var f in Forms)
            foreach (var r in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
                data.Add(f, r);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllForms))]
    public void AColumnInputAgainstAVectorTargetNamesTheBroadcastAndTheSqueeze(Form form)
    {
        var e = Throws.Validation("LOSS019", () => form.Validated(randn(16, 1), randn(16), Reduction.Mean),
            "The input has shape [16, 1] but the target has shape [16].",
            "libtorch broadcasts them to [16, 16] (256 pairs where 16 were meant)",
            "without any error",
            "squeeze it with input.squeeze(-1), which makes it [16] like the target",
            "or unsqueeze the target with target.unsqueeze(-1), which makes it [16, 1]");
        Assert.Equal("target", e.ParamName);
    }

    [Theory]
    [MemberData(nameof(AllForms))]
    public void AColumnTargetAgainstAVectorInputNamesTheSqueeze(Form form) =>
        Throws.Validation("LOSS019", () => form.Validated(randn(8), randn(8, 1), Reduction.Sum),
            "The input has shape [8] but the target has shape [8, 1].",
            "broadcasts them to [8, 8]",
            "squeeze it with target.squeeze(-1), which makes it [8] like the input",
            "or unsqueeze the input with input.unsqueeze(-1)");

    [Fact]
    public void OtherBroadcastsAndMismatchesAreRefused()
    {
        Throws.Validation("LOSS019", () => ValidatedLoss.mse_loss(randn(4, 3), randn(3)),
            "The input has shape [4, 3] but the target has shape [3].", "broadcasts them to [4, 3]", "target.expand_as(input)");
        Throws.Validation("LOSS019", () => ValidatedLoss.L1Loss().forward(randn(4, 3), randn(5, 3)),
            "which do not broadcast", "Give the target the shape [4, 3]");
        Throws.Validation("LOSS019", () => ValidatedLoss.mse_loss(tensor(2f), randn(5)), "The input has shape [] but the target has shape [5].");
    }

    [Fact]
    public void ATargetOnAnotherDeviceIsNamed() =>
        Throws.Validation("LOSS019", () => ValidatedLoss.mse_loss(randn(4), zeros(4, device: new Device(DeviceType.META))),
            "The target is on meta but the input is on cpu", "target.to(input.device)");

    [Fact]
    public void NullArgumentsAreArgumentNullExceptions()
    {
        Assert.Throws<ArgumentNullException>(() => ValidatedLoss.mse_loss(null!, randn(3)));
        Assert.Throws<ArgumentNullException>(() => ValidatedLoss.HuberLoss().forward(randn(3), null!));
    }

    [Theory]
    [MemberData(nameof(FormsAndReductions))]
    public void ResultsAndGradientsAreTorchSharps(Form form, Reduction reduction)
    {
        manual_seed(19);
        var target = randn(32, 5);
        foreach (var t in new[] { target, tensor(0.25f), tensor(new[] { -0.5f }), target.t().contiguous().t() })
        {
            var expectedInput = randn(32, 5).requires_grad_();
            var actualInput = expectedInput.detach().clone().requires_grad_();
            using var expected = form.TorchSharp(expectedInput, t, reduction);
            using var actual = form.Validated(actualInput, t, reduction);
            Close.Equal(expected, actual);
            expected.sum().backward();
            actual.sum().backward();
            Close.Gradient(expectedInput.grad!, actualInput.grad!);
        }
    }

    [Fact]
    public void Float64AndOneDimensionalInputsAreTorchSharps()
    {
        var input = randn(7, dtype: ScalarType.Float64);
        var target = randn(7, dtype: ScalarType.Float64);
        Close.Equal(functional.mse_loss(input, target), ValidatedLoss.MSELoss().forward(input, target));
        Close.Equal(functional.smooth_l1_loss(input, target, beta: 2), ValidatedLoss.SmoothL1Loss(beta: 2).forward(input, target));
    }
}
