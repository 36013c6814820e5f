using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS005: NLLLoss on softmax probabilities or on a raw linear output.</summary>
public sealed class Loss005Tests
{
    [Theory]
    [InlineData("NLLLoss().forward({|LOSS005:torch.softmax(logits, 1)|}, y);")]
    [InlineData("nn.NLLLoss(reduction: Reduction.Sum).call({|LOSS005:logits.softmax(1)|}, y);")]
    [InlineData("functional.nll_loss({|LOSS005:functional.softmax(logits, -1)|}, y);")]
    [InlineData("var model = Sequential((\"fc\", Linear(4, 3)), (\"sm\", Softmax(1))); using var criterion = NLLLoss(); criterion.forward({|LOSS005:model.forward(x)|}, y);")]
    [InlineData("var head = Linear(4, 3); NLLLoss().forward({|LOSS005:head.forward(x)|}, y);")]
    [InlineData("Loss<Tensor, Tensor, Tensor> criterion = NLLLoss(); var model = Sequential(Linear(4, 8), ReLU(), Linear(8, 3)); criterion.forward({|LOSS005:model.call(x)|}, y);")]
    [InlineData("torch.nn.functional.nll_loss({|LOSS005:Linear(4, 3).forward(x)|}, y);")]
    public Task Reported_in_every_idiom(string body) => Verify.DiagnosticsInMethod("LOSS005", body);

    [Fact]
    public Task Reported_for_a_user_module_in_another_file() => Verify.Diagnostics(
        "LOSS005",
        """
        public sealed class Classifier : Module<Tensor, Tensor>
        {
            private readonly Linear head = Linear(16, 10);
            private readonly Softmax softmax = Softmax(1);
            public Classifier() : base("classifier") { RegisterComponents(); }
            public override Tensor forward(Tensor x) => softmax.forward(head.forward(x));
        }
        """,
        """
        sealed class Training
        {
            private readonly Classifier model = new();
            private readonly NLLLoss criterion = NLLLoss();
            public Tensor Step(Tensor x, Tensor y) => criterion.forward({|LOSS005:model.forward(x)|}, y);
        }
        """);

    [Theory]
    [InlineData("NLLLoss().forward(functional.log_softmax(logits, 1), y);")]
    [InlineData("NLLLoss().forward(Sequential(Linear(4, 3), LogSoftmax(1)).forward(x), y);")]
    [InlineData("NLLLoss().forward(logits, y);")]
    [InlineData("CrossEntropyLoss().forward(Linear(4, 3).forward(x), y);")]
    [InlineData("NLLLoss().forward(torch.log(torch.softmax(logits, 1)), y);")]
    [InlineData("NLLLoss().forward(Linear(4, 3).forward(x) - Linear(4, 3).forward(x).logsumexp(1, true), y);")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS005", body);

    [Fact]
    public Task Fix_turns_softmax_into_log_softmax_on_the_same_dimension() => Verify.Fix<Loss005CodeFix>(
        "LOSS005",
        Verify.InMethod("""
            var a = NLLLoss().forward({|LOSS005:torch.softmax(logits, 1)|}, y);
            var b = functional.nll_loss({|LOSS005:logits.softmax(-1)|}, y);
            """),
        Verify.InMethod("""
            var a = NLLLoss().forward(logits.log_softmax(1), y);
            var b = functional.nll_loss(logits.log_softmax(-1), y);
            """));

    [Fact]
    public Task Fix_turns_the_Softmax_layer_into_LogSoftmax_and_keeps_probabilities_elsewhere() => Verify.Fix<Loss005CodeFix>(
        "LOSS005",
        """
        class Trainer
        {
            private readonly Sequential model = Sequential(("fc", Linear(4, 3)), ("softmax", Softmax(1)));

            (Tensor Loss, Tensor Confidence) Step(Tensor x, Tensor y)
            {
                var probabilities = model.forward(x);
                var loss = NLLLoss().forward({|LOSS005:probabilities|}, y);
                return (loss, probabilities.max());
            }
        }
        """,
        """
        class Trainer
        {
            private readonly Sequential model = Sequential(("fc", Linear(4, 3)), ("softmax", LogSoftmax(1)));

            (Tensor Loss, Tensor Confidence) Step(Tensor x, Tensor y)
            {
                var probabilities = model.forward(x);
                var loss = NLLLoss().forward(probabilities, y);
                return (loss, torch.exp(probabilities).max());
            }
        }
        """);

    [Fact]
    public Task Fix_switches_NLLLoss_on_raw_scores_to_CrossEntropyLoss() => Verify.Fix<Loss005CodeFix>(
        "LOSS005",
        """
        class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(4, 8), ReLU(), Linear(8, 3));
            private readonly NLLLoss criterion = NLLLoss(torch.tensor(new float[] { 1f, 2f, 3f }), Reduction.Sum);

            Tensor Train(Tensor x, Tensor y) => criterion.forward({|LOSS005:model.forward(x)|}, y);
            Tensor Functional(Tensor x, Tensor y) => functional.nll_loss({|LOSS005:model.forward(x)|}, y, null, Reduction.Mean);
            Tensor Created(Tensor x, Tensor y) => new NLLLoss(null, Reduction.Mean).forward({|LOSS005:model.forward(x)|}, y);
        }
        """,
        """
        class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(4, 8), ReLU(), Linear(8, 3));
            private readonly CrossEntropyLoss criterion = CrossEntropyLoss(weight: torch.tensor(new float[] { 1f, 2f, 3f }), reduction: Reduction.Sum);

            Tensor Train(Tensor x, Tensor y) => criterion.forward(model.forward(x), y);
            Tensor Functional(Tensor x, Tensor y) => functional.cross_entropy(model.forward(x), y, reduction: Reduction.Mean);
            Tensor Created(Tensor x, Tensor y) => new CrossEntropyLoss(null, null, Reduction.Mean, 0.0).forward(model.forward(x), y);
        }
        """);

    /// <summary>Fix All applies every diagnostic with the first one's equivalence key: both forms must be fixed in one run.</summary>
    [Fact]
    public Task Fix_all_applies_both_forms_under_one_key() => Verify.Fix<Loss005CodeFix>(
        "LOSS005",
        """
        class Trainer
        {
            Tensor Raw(Tensor x, Tensor y) => NLLLoss().forward({|LOSS005:Linear(4, 3).forward(x)|}, y);
            Tensor Probabilities(Tensor x, Tensor y) => functional.nll_loss({|LOSS005:torch.softmax(Linear(4, 3).forward(x), 1)|}, y);
            Tensor RawAgain(Tensor x, Tensor y) => functional.nll_loss({|LOSS005:Linear(4, 3).forward(x)|}, y);
        }
        """,
        """
        class Trainer
        {
            Tensor Raw(Tensor x, Tensor y) => CrossEntropyLoss().forward(Linear(4, 3).forward(x), y);
            Tensor Probabilities(Tensor x, Tensor y) => functional.nll_loss(Linear(4, 3).forward(x).log_softmax(1), y);
            Tensor RawAgain(Tensor x, Tensor y) => functional.cross_entropy(Linear(4, 3).forward(x), y);
        }
        """);

    [Fact]
    public Task No_fix_when_another_call_of_the_same_NLLLoss_gets_log_probabilities() => Verify.NoFix<Loss005CodeFix>(
        "LOSS005",
        """
        class Trainer
        {
            private readonly Loss<Tensor, Tensor, Tensor> criterion = NLLLoss();
            Tensor Train(Tensor x, Tensor y) => criterion.forward({|LOSS005:Linear(4, 3).forward(x)|}, y);
            Tensor Other(Tensor logProbabilities, Tensor y) => criterion.forward(logProbabilities, y);
        }
        """);
}
