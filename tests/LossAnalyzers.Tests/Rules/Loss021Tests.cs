using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS021: CTC on raw logits, softmax, log_softmax over the wrong dimension; the loss clamped instead of zero_infinity.</summary>
public sealed class Loss021Tests
{
    private const string Lengths = "var targets = torch.tensor(new long[] { 1, 2 }); var inputLengths = torch.tensor(new long[] { 5 }); var targetLengths = torch.tensor(new long[] { 2 });";

    [Theory]
    [InlineData("var head = Linear(16, 5); var scores = head.forward(x); functional.ctc_loss({|LOSS021:scores|}, targets, inputLengths, targetLengths);")]
    [InlineData("var head = Linear(16, 5); CTCLoss().forward({|LOSS021:head.forward(x.permute(1, 0, 2))|}, targets, inputLengths, targetLengths);")]
    [InlineData("var head = Linear(16, 5); var probabilities = head.forward(x).softmax(2); CTCLoss(blank: 0).forward({|LOSS021:probabilities|}, targets, inputLengths, targetLengths);")]
    [InlineData("var ctc = CTCLoss(); ctc.forward({|LOSS021:torch.softmax(logits, 1)|}, targets, inputLengths, targetLengths);")]
    [InlineData("functional.ctc_loss({|LOSS021:x.permute(1, 0, 2).log_softmax(1)|}, targets, inputLengths, targetLengths);")]
    [InlineData("functional.ctc_loss({|LOSS021:logits.log_softmax(0)|}, targets, inputLengths, targetLengths);")]
    [InlineData("var perStep = functional.ctc_loss(logits.log_softmax(2), targets, inputLengths, targetLengths, reduction: Reduction.None); var loss = {|LOSS021:perStep.clamp_max(100)|}.mean();")]
    [InlineData("var loss = CTCLoss(reduction: Reduction.None).forward(logits.log_softmax(-1), targets, inputLengths, targetLengths); var safe = {|LOSS021:torch.nan_to_num(loss)|};")]
    [InlineData("var loss = {|LOSS021:functional.ctc_loss(logits.log_softmax(2), targets, inputLengths, targetLengths).clamp(0, 1000)|};")]
    public Task Reported(string body) => Verify.DiagnosticsInMethod("LOSS021", Lengths + " " + body);

    [Theory]
    [InlineData("functional.ctc_loss(logits.log_softmax(2), targets, inputLengths, targetLengths);")]
    [InlineData("var loss = functional.ctc_loss(logits.log_softmax(2), targets, inputLengths, targetLengths); loss.backward(); Console.WriteLine(loss.detach().clamp_max(1e4).item<float>());")]
    [InlineData("CTCLoss().forward(logits.log_softmax(-1), targets, inputLengths, targetLengths);")]
    [InlineData("var net = Sequential(Linear(16, 5), LogSoftmax(2)); CTCLoss().forward(net.forward(x), targets, inputLengths, targetLengths);")]
    [InlineData("var head = Linear(16, 5); functional.ctc_loss(head.forward(x).log_softmax(2), targets, inputLengths, targetLengths);")]
    [InlineData("functional.ctc_loss(logits.log_softmax(1), targets, inputLengths, targetLengths);")]
    [InlineData("functional.ctc_loss(x.permute(1, 0, 2).log_softmax(2), targets, inputLengths, targetLengths);")]
    [InlineData("var perStep = functional.ctc_loss(logits.log_softmax(2), targets, inputLengths, targetLengths, zero_infinity: true, reduction: Reduction.None); var loss = perStep.clamp_max(100).mean();")]
    [InlineData("var loss = functional.ctc_loss(logits.log_softmax(2), targets, inputLengths, targetLengths); var shown = loss.item<float>();")]
    [InlineData("var loss = functional.mse_loss(logits, x).clamp_max(100);")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS021", Lengths + " " + body);

    [Fact]
    public Task Reported_for_an_ocr_model_whose_forward_ends_in_a_linear_layer() => Verify.Diagnostics("LOSS021", """
        sealed class Recognizer : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> backbone = Sequential(Linear(32, 64), ReLU());
            private readonly Linear classifier = Linear(64, 37);

            public Recognizer() : base(nameof(Recognizer)) => RegisterComponents();

            public override Tensor forward(Tensor images) => classifier.forward(backbone.forward(images).permute(1, 0, 2));
        }

        sealed class Trainer
        {
            private readonly Recognizer model = new();
            private readonly CTCLoss criterion = CTCLoss(zero_infinity: true);

            public Tensor Step(Tensor images, Tensor labels, Tensor imageLengths, Tensor labelLengths)
            {
                var output = model.forward(images);
                return criterion.forward({|LOSS021:output|}, labels, imageLengths, labelLengths);
            }
        }
        """);

    [Fact]
    public Task Fix_normalises_over_the_classes() => Verify.Fix<Loss021CodeFix>(
        "LOSS021",
        Verify.InMethod(Lengths + """

            var head = Linear(16, 5);
            var a = functional.ctc_loss({|LOSS021:head.forward(x)|}, targets, inputLengths, targetLengths);
            var b = functional.ctc_loss({|LOSS021:head.forward(x.permute(1, 0, 2))|}, targets, inputLengths, targetLengths);
            var c = functional.ctc_loss({|LOSS021:x.permute(1, 0, 2).log_softmax(1)|}, targets, inputLengths, targetLengths);
            var probabilities = logits.softmax(2);
            var d = functional.ctc_loss({|LOSS021:probabilities|}, targets, inputLengths, targetLengths);
            var best = probabilities.argmax(2);
            """),
        Verify.InMethod(Lengths + """

            var head = Linear(16, 5);
            var a = functional.ctc_loss(head.forward(x).log_softmax(-1), targets, inputLengths, targetLengths);
            var b = functional.ctc_loss(head.forward(x.permute(1, 0, 2)).log_softmax(2), targets, inputLengths, targetLengths);
            var c = functional.ctc_loss(x.permute(1, 0, 2).log_softmax(2), targets, inputLengths, targetLengths);
            var probabilities = logits.log_softmax(2);
            var d = functional.ctc_loss(probabilities, targets, inputLengths, targetLengths);
            var best = torch.exp(probabilities).argmax(2);
            """));

    [Fact]
    public Task Fix_replaces_the_clamp_by_zero_infinity() => Verify.Fix<Loss021CodeFix>(
        "LOSS021",
        Verify.InMethod(Lengths + """

            var perStep = functional.ctc_loss(logits.log_softmax(2), targets, inputLengths, targetLengths, reduction: Reduction.None);
            var loss = {|LOSS021:perStep.clamp_max(100)|}.mean();
            var ctc = CTCLoss(reduction: Reduction.Sum);
            var total = {|LOSS021:torch.nan_to_num(ctc.forward(logits.log_softmax(2), targets, inputLengths, targetLengths))|};
            """),
        Verify.InMethod(Lengths + """

            var perStep = functional.ctc_loss(logits.log_softmax(2), targets, inputLengths, targetLengths, reduction: Reduction.None, zero_infinity: true);
            var loss = perStep.mean();
            var ctc = CTCLoss(reduction: Reduction.Sum, zero_infinity: true);
            var total = ctc.forward(logits.log_softmax(2), targets, inputLengths, targetLengths);
            """));

    [Fact]
    public Task No_fix_for_a_wrong_dimension_whose_value_is_also_decoded() => Verify.NoFix<Loss021CodeFix>(
        "LOSS021",
        Verify.InMethod(Lengths + """

            var logProbabilities = x.permute(1, 0, 2).log_softmax(1);
            var loss = functional.ctc_loss({|LOSS021:logProbabilities|}, targets, inputLengths, targetLengths);
            var best = logProbabilities.argmax(2);
            """));
}
