using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS002: sigmoid probabilities into BCEWithLogitsLoss (the sigmoid applied twice).</summary>
public sealed class Loss002Tests
{
    [Theory]
    [InlineData("BCEWithLogitsLoss().forward({|LOSS002:torch.sigmoid(logits)|}, y);")]
    [InlineData("nn.BCEWithLogitsLoss(pos_weights: torch.tensor(3f)).call({|LOSS002:logits.sigmoid()|}, y);")]
    [InlineData("functional.binary_cross_entropy_with_logits({|LOSS002:functional.sigmoid(logits)|}, y);")]
    [InlineData("torch.nn.functional.binary_cross_entropy_with_logits({|LOSS002:Sigmoid().forward(logits).view(-1)|}, y.view(-1));")]
    [InlineData("var model = Sequential((\"fc\", Linear(4, 1)), (\"act\", Sigmoid())); using var criterion = BCEWithLogitsLoss(); var p = model.forward(x); criterion.forward({|LOSS002:p|}, y);")]
    [InlineData("Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss(); var model = Sequential(Linear(4, 8), ReLU(), Linear(8, 1), Sigmoid()); criterion.forward({|LOSS002:model.call(x).squeeze(-1)|}, y);")]
    public Task Reported_in_every_idiom(string body) => Verify.DiagnosticsInMethod("LOSS002", body);

    [Fact]
    public Task Reported_for_a_user_module_in_another_file_held_in_fields() => Verify.Diagnostics(
        "LOSS002",
        """
        public sealed class Scorer : Module<Tensor, Tensor>
        {
            private readonly Linear head = Linear(8, 1);
            public Scorer() : base(nameof(Scorer)) { RegisterComponents(); }
            public override Tensor forward(Tensor x) => torch.sigmoid(head.forward(x));
        }
        """,
        """
        sealed class Training
        {
            private readonly Scorer model = new();
            private readonly WeightedLoss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 4f }));
            public Tensor Step(Tensor x, Tensor y) => criterion.forward({|LOSS002:model.forward(x)|}, y);
        }
        """);

    [Theory]
    [InlineData("BCEWithLogitsLoss().forward(logits, y);")]
    [InlineData("var model = Sequential(Linear(4, 1)); BCEWithLogitsLoss().forward(model.forward(x), y); var p = torch.sigmoid(model.forward(x));")]
    [InlineData("BCELoss().forward(torch.sigmoid(logits), y);")]
    [InlineData("BCEWithLogitsLoss().forward(torch.sigmoid(logits) * 4 - 2, y);")]
    [InlineData("var model = Sequential(Linear(4, 8), Sigmoid(), Linear(8, 1)); BCEWithLogitsLoss().forward(model.forward(x), y);")]
    [InlineData("BCEWithLogitsLoss().forward(x, torch.sigmoid(y));")]
    [InlineData("var p = x.numel() > 2 ? torch.sigmoid(logits) : logits; BCEWithLogitsLoss().forward(p, y);")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS002", body);

    [Fact]
    public Task Fix_removes_the_inline_sigmoid() => Verify.Fix<Loss002CodeFix>(
        "LOSS002",
        Verify.InMethod("var loss = BCEWithLogitsLoss().forward({|LOSS002:torch.sigmoid(logits)|}, y);"),
        Verify.InMethod("var loss = BCEWithLogitsLoss().forward(logits, y);"));

    [Fact]
    public Task Fix_drops_the_last_Sigmoid_and_keeps_metrics_on_probabilities() => Verify.Fix<Loss002CodeFix>(
        "LOSS002",
        """
        class Trainer
        {
            private readonly Sequential model = Sequential(("fc", Linear(4, 1)), ("sigmoid", Sigmoid()));
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 9f }));

            float Train(Tensor x, Tensor y)
            {
                var output = model.forward(x).view(-1);
                var loss = criterion.forward({|LOSS002:output|}, y);
                var recall = (output > 0.5).logical_and(y == 1).sum().item<long>() / (float)y.sum().item<float>();
                return loss.item<float>() + recall;
            }
        }
        """,
        """
        class Trainer
        {
            private readonly Sequential model = Sequential(("fc", Linear(4, 1)));
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 9f }));

            float Train(Tensor x, Tensor y)
            {
                var output = model.forward(x).view(-1);
                var loss = criterion.forward(output, y);
                var recall = (torch.sigmoid(output) > 0.5).logical_and(y == 1).sum().item<long>() / (float)y.sum().item<float>();
                return loss.item<float>() + recall;
            }
        }
        """);

    [Fact]
    public Task Fix_unwraps_the_sigmoid_in_forward_in_another_file() => Verify.Fix<Loss002CodeFix>(
        "LOSS002",
        new[]
        {
            """
            public sealed class Scorer : Module<Tensor, Tensor>
            {
                private readonly Linear head = Linear(8, 1);
                public Scorer() : base(nameof(Scorer)) { RegisterComponents(); }
                public override Tensor forward(Tensor x) => torch.sigmoid(head.forward(x));
            }
            """,
            """
            sealed class Training
            {
                private readonly Scorer model = new();
                public Tensor Step(Tensor x, Tensor y) => BCEWithLogitsLoss().forward({|LOSS002:model.forward(x)|}, y);
                public Tensor Predict(Tensor x) => model.forward(x);
            }
            """,
        },
        new[]
        {
            """
            public sealed class Scorer : Module<Tensor, Tensor>
            {
                private readonly Linear head = Linear(8, 1);
                public Scorer() : base(nameof(Scorer)) { RegisterComponents(); }
                public override Tensor forward(Tensor x) => head.forward(x);
            }
            """,
            """
            sealed class Training
            {
                private readonly Scorer model = new();
                public Tensor Step(Tensor x, Tensor y) => BCEWithLogitsLoss().forward(model.forward(x), y);
                public Tensor Predict(Tensor x) => torch.sigmoid(model.forward(x));
            }
            """,
        });

    [Fact]
    public Task Fix_drops_the_sigmoid_statement_of_a_forward_that_reassigns_its_parameter() => Verify.Fix<Loss002CodeFix>(
        "LOSS002",
        """
        public sealed class Scorer : Module<Tensor, Tensor>
        {
            private readonly Linear head = Linear(8, 1);
            public Scorer() : base(nameof(Scorer)) { RegisterComponents(); }
            public override Tensor forward(Tensor x)
            {
                x = head.forward(x);
                x = torch.sigmoid(x);
                return x;
            }
        }

        sealed class Training
        {
            private readonly Scorer model = new();
            public Tensor Step(Tensor x, Tensor y) => BCEWithLogitsLoss().forward({|LOSS002:model.forward(x)|}, y);
        }
        """,
        """
        public sealed class Scorer : Module<Tensor, Tensor>
        {
            private readonly Linear head = Linear(8, 1);
            public Scorer() : base(nameof(Scorer)) { RegisterComponents(); }
            public override Tensor forward(Tensor x)
            {
                x = head.forward(x);
                return x;
            }
        }

        sealed class Training
        {
            private readonly Scorer model = new();
            public Tensor Step(Tensor x, Tensor y) => BCEWithLogitsLoss().forward(model.forward(x), y);
        }
        """);

    [Fact]
    public Task Fix_all_in_solution_covers_two_files() => Verify.Fix<Loss002CodeFix>(
        "LOSS002",
        new[]
        {
            "class A { Tensor Step(Tensor z, Tensor y) => functional.binary_cross_entropy_with_logits({|LOSS002:z.sigmoid()|}, y); }",
            "class B { Tensor Step(Tensor z, Tensor y) => BCEWithLogitsLoss().call({|LOSS002:torch.sigmoid(z)|}, y); }",
        },
        new[]
        {
            "class A { Tensor Step(Tensor z, Tensor y) => functional.binary_cross_entropy_with_logits(z, y); }",
            "class B { Tensor Step(Tensor z, Tensor y) => BCEWithLogitsLoss().call(z, y); }",
        });

    [Fact]
    public Task No_fix_when_the_model_is_handed_to_code_that_sees_only_a_Module() => Verify.NoFix<Loss002CodeFix>(
        "LOSS002",
        """
        class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(4, 1), Sigmoid());
            Tensor Step(Tensor x, Tensor y) => BCEWithLogitsLoss().forward({|LOSS002:model.forward(x)|}, y) + Score(model, x);
            static Tensor Score(Module<Tensor, Tensor> m, Tensor x) => m.forward(x).mean();
        }
        """);
}
