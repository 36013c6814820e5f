using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS012 (Info): BCELoss with no input visibly a sigmoid output, reported once, on the construction.</summary>
public sealed class Loss012Tests
{
    [Theory]
    [InlineData("var criterion = {|LOSS012:BCELoss()|}; criterion.forward(x, y);")]
    [InlineData("var criterion = {|LOSS012:nn.BCELoss(reduction: Reduction.Sum)|}; criterion.forward(torch.sigmoid(logits).clamp(1e-7, 1 - 1e-7), y); criterion.call(x, y);")]
    [InlineData("using var criterion = {|LOSS012:new BCELoss(null, Reduction.Mean)|}; criterion.forward(x, y);")]
    [InlineData("{|LOSS012:functional.binary_cross_entropy(x, y)|};")]
    [InlineData("{|LOSS012:torch.nn.functional.binary_cross_entropy(Linear(4, 1).forward(x), y)|};")]
    [InlineData("var loss = {|LOSS012:BCELoss()|}.forward(x, y);")]
    [InlineData("Train({|LOSS012:BCELoss()|}, x, y);")]
    public Task Reported_on_the_construction(string body) => Verify.DiagnosticsInMethod(
        "LOSS012", body, "static Tensor Train(Loss<Tensor, Tensor, Tensor> criterion, Tensor p, Tensor t) => criterion.forward(p, t);");

    [Fact]
    public Task Reported_once_for_a_field_used_in_several_methods() => Verify.Diagnostics(
        "LOSS012",
        """
        class Loop
        {
            private readonly Loss<Tensor, Tensor, Tensor> criterion = {|LOSS012:BCELoss()|};
            Tensor Train(Tensor p, Tensor y) => criterion.forward(p, y);
            Tensor Validate(Tensor p, Tensor y) => criterion.call(p, y);
        }
        """);

    [Theory]
    [InlineData("var criterion = BCELoss(); criterion.forward(torch.sigmoid(logits), y);")]
    [InlineData("var criterion = BCELoss(); criterion.forward(x, y); criterion.forward(logits.sigmoid(), y);")]
    [InlineData("functional.binary_cross_entropy(torch.sigmoid(logits), y);")]
    [InlineData("BCEWithLogitsLoss().forward(logits, y);")]
    [InlineData("var criterion = CrossEntropyLoss(); criterion.forward(x, y);")]
    [InlineData("var model = Sequential(Linear(4, 1), Sigmoid()); BCELoss().forward(model.forward(x), y);")]
    public Task Not_reported_when_a_sigmoid_is_visible_or_the_loss_is_not_BCELoss(string body) => Verify.DiagnosticsInMethod("LOSS012", body);

    [Fact]
    public Task Not_reported_for_a_field_whose_one_call_gets_sigmoid_outputs() => Verify.Diagnostics(
        "LOSS012",
        """
        class Loop
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(4, 1), Sigmoid());
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCELoss();
            Tensor Train(Tensor x, Tensor y) => criterion.forward(model.forward(x), y);
            Tensor Calibrate(Tensor p, Tensor y) => criterion.forward(p, y);
        }
        """);

    [Fact]
    public Task Not_reported_for_losses_that_are_never_called() => Verify.Diagnostics(
        "LOSS012",
        """
        sealed class Losses
        {
            private readonly Device device = torch.CPU;
            private readonly Loss<Tensor, Tensor, Tensor> unused = BCELoss().to(torch.CPU);
            private readonly Loss<Tensor, Tensor, Tensor> alsoUnused;

            public Losses() => alsoUnused = BCELoss(reduction: Reduction.Sum).cuda();

            public static Loss<Tensor, Tensor, Tensor> Make() => BCELoss();

            // public Tensor Step(Tensor p, Tensor y) => unused.forward(p, y);
        }
        """);

    [Fact]
    public Task Reported_through_a_factory_that_is_called() => Verify.Diagnostics(
        "LOSS012",
        """
        sealed class Losses
        {
            public static Loss<Tensor, Tensor, Tensor> Make() => {|LOSS012:BCELoss()|};
            public Tensor Step(Tensor p, Tensor y) => Make().forward(p, y);
        }
        """);

    [Theory]
    [InlineData("private readonly Loss<Tensor, Tensor, Tensor> criterion = BCELoss().to(torch.CPU);")]
    [InlineData("private readonly Loss<Tensor, Tensor, Tensor> criterion = BCELoss().cuda();")]
    [InlineData("private Loss<Tensor, Tensor, Tensor> criterion => BCELoss();")]
    [InlineData("private BCELoss criterion { get { return BCELoss().to(torch.CPU); } }")]
    public Task Loss001_and_not_loss012_for_a_moved_or_computed_loss_fed_sigmoid_outputs(string member) => Verify.Diagnostics(
        new[] { "LOSS001", "LOSS012" },
        $$"""
        sealed class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(4, 1), Sigmoid());
            {{member}}
            public Tensor Step(Tensor x, Tensor y) => criterion.forward({|LOSS001:model.forward(x)|}, y);
        }
        """);

    [Theory]
    [InlineData("private readonly Loss<Tensor, Tensor, Tensor> criterion = {|LOSS012:BCELoss()|}.to(torch.CPU);")]
    [InlineData("private Loss<Tensor, Tensor, Tensor> criterion => {|LOSS012:BCELoss()|};")]
    public Task Reported_once_for_a_moved_or_computed_loss_on_other_inputs(string member) => Verify.Diagnostics(
        new[] { "LOSS001", "LOSS012" },
        $$"""
        sealed class Trainer
        {
            {{member}}
            public Tensor Step(Tensor p, Tensor y) => criterion.forward(p, y);
        }
        """);
}
