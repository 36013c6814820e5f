using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS003: CrossEntropyLoss / NLLLoss on a head of width 1.</summary>
public sealed class Loss003AnalyzerTests
{
    [Theory]
    [InlineData("var head = Linear(8, 1); CrossEntropyLoss().forward({|LOSS003:head.forward(x)|}, y);")]
    [InlineData("var model = Sequential((\"fc1\", Linear(8, 4)), (\"relu\", ReLU()), (\"fc2\", Linear(4, 1))); nn.CrossEntropyLoss(weight: torch.tensor(new float[] { 1f, 5f })).call({|LOSS003:model.forward(x)|}, y);")]
    [InlineData("var model = Sequential(Linear(8, 1), Sigmoid()); using var criterion = CrossEntropyLoss(); criterion.forward({|LOSS003:model.forward(x)|}, y);")]
    [InlineData("functional.cross_entropy({|LOSS003:Linear(8, 1).forward(x)|}, y);")]
    [InlineData("var output = Linear(8, 1).call(x); output = output.view(-1, 1); torch.nn.functional.nll_loss({|LOSS003:output|}, y);")]
    [InlineData("NLLLoss().forward({|LOSS003:Sequential(Linear(8, 1), LogSoftmax(1)).forward(x)|}, y);")]
    [InlineData("Loss<Tensor, Tensor, Tensor> criterion = CrossEntropyLoss(); criterion.forward({|LOSS003:Linear(8, 1).forward(x).squeeze(-1)|}, y);")]
    public Task Reported_in_every_idiom(string body) => Verify.DiagnosticsInMethod("LOSS003", body);

    [Fact]
    public Task Reported_for_a_user_module_in_another_file() => Verify.Diagnostics(
        "LOSS003",
        """
        public sealed class Binary : Module<Tensor, Tensor>
        {
            private const int Outputs = 1;
            private readonly Module<Tensor, Tensor> body = Sequential(Linear(10, 32), ReLU());
            private readonly Module<Tensor, Tensor> head = Linear(32, Outputs);
            public Binary() : base(nameof(Binary)) { RegisterComponents(); }
            public override Tensor forward(Tensor x)
            {
                var h = body.forward(x);
                return head.forward(h);
            }
        }
        """,
        """
        sealed class Training
        {
            private readonly Binary model = new();
            private readonly WeightedLoss<Tensor, Tensor, Tensor> criterion = CrossEntropyLoss();
            public Tensor Step(Tensor x, Tensor y) => criterion.forward({|LOSS003:model.call(x)|}, y);
        }
        """);

    [Theory]
    [InlineData("CrossEntropyLoss().forward(Linear(8, 2).forward(x), y);")]
    [InlineData("CrossEntropyLoss().forward(logits, y);")]
    [InlineData("BCEWithLogitsLoss().forward(Linear(8, 1).forward(x).squeeze(-1), y);")]
    [InlineData("var classes = (int)y.max().item<long>() + 1; CrossEntropyLoss().forward(Linear(8, classes).forward(x), y);")]
    [InlineData("var model = Sequential(Linear(8, 1), ReLU(), Linear(1, 3)); CrossEntropyLoss().forward(model.forward(x), y);")]
    [InlineData("NLLLoss().forward(Linear(8, 4).forward(x).log_softmax(1), y);")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS003", body);
}
