using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// Findings whose evidence crosses a method: a helper's return value, a parameter bound at its call sites, a lambda,
/// a local function, an extension method, a tuple, a record. The location stays the rule's; the message names where
/// the evidence is.
/// </summary>
public sealed class CrossMethodTests
{
    [Theory]
    [InlineData("Tensor Predict(Tensor x) => torch.sigmoid(head.forward(x));", "BCELoss().forward({|LOSS001:Predict(x)|}, y)")]
    [InlineData("static Tensor Act(Tensor t) => t.sigmoid();", "BCELoss().forward({|LOSS001:Act(head.forward(x))|}, y)")]
    [InlineData("", "BCELoss().forward({|LOSS001:head.forward(x).Squash()|}, y)")]
    [InlineData("private readonly Func<Tensor, Tensor> act = t => torch.sigmoid(t);", "BCELoss().forward({|LOSS001:act(head.forward(x))|}, y)")]
    [InlineData("(Tensor Logits, Tensor Probs) Both(Tensor t) { var z = head.forward(t); return (z, torch.sigmoid(z)); }", "BCELoss().forward({|LOSS001:Both(x).Probs|}, y)")]
    [InlineData("", "BCELoss().forward({|LOSS001:new Output(torch.sigmoid(head.forward(x)), x).Data|}, y)")]
    public Task Loss001_through_a_helper(string members, string loss) => Verify.Diagnostics(
        "LOSS001",
        $$"""
        static class Extensions
        {
            public static Tensor Squash(this Tensor t) => torch.sigmoid(t);
        }

        record Output(Tensor Data, Tensor Input);

        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);
            {{members}}
            public Tensor Step(Tensor x, Tensor y) => {{loss}};
        }
        """);

    [Fact]
    public Task Loss001_on_a_parameter_every_caller_passes_probabilities_to() => Verify.Diagnostics(
        "LOSS001",
        """
        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);
            private static Tensor Loss(Tensor probabilities, Tensor y) => BCELoss().forward({|LOSS001:probabilities|}, y);
            public Tensor Step(Tensor x, Tensor y) => Loss(torch.sigmoid(head.forward(x)), y);
            public Tensor Validate(Tensor x, Tensor y)
            {
                Tensor Local(Tensor z) => z.sigmoid();
                return Loss(Local(head.forward(x)), y);
            }
        }
        """);

    [Theory]
    [InlineData("public static Tensor Loss(Tensor p, Tensor y) => BCELoss().forward(p, y);")]
    [InlineData("static Tensor Loss(Tensor p, Tensor y) => BCELoss().forward(p, y); Func<Tensor, Tensor, Tensor> Handed() => Loss; Tensor A(Tensor z, Tensor y) => Loss(z.sigmoid(), y);")]
    public Task No_loss001_where_a_caller_is_not_visible(string members) => Verify.Diagnostics(
        "LOSS001",
        $$"""
        sealed class Trainer
        {
            {{members}}
        }
        """);

    [Fact]
    public Task Loss006_in_the_forum_get_loss_helper_called_with_single_columns() => Verify.Diagnostics(
        "LOSS006",
        """
        sealed class TwoHeads
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(32, 64), ReLU(), Linear(64, 2));
            private readonly Tensor weight = torch.tensor(new double[] { 1.1734028683181226, 6.7669172932330826 });

            Tensor GetLoss(Tensor pred, Tensor label)
            {
                var criterion = BCEWithLogitsLoss(pos_weights: {|LOSS006:weight|});
                return criterion.forward(pred, label);
            }

            Tensor Step(Tensor x, Tensor labels1, Tensor labels2)
            {
                var infer = model.forward(x);
                return GetLoss(infer[.., 0], labels1) + 0.5 * GetLoss(infer[.., 1], labels2);
            }
        }
        """);

    [Fact]
    public Task Loss009_on_labels_made_by_another_method() => Verify.Diagnostics(
        "LOSS009",
        """
        sealed class Trainer
        {
            private static Tensor Labels(long[] values) => torch.tensor(values);
            public Tensor Step(Tensor logits, long[] raw) => BCEWithLogitsLoss().forward(logits, {|LOSS009:Labels(raw)|});
        }
        """);

    [Fact]
    public Task Loss004_through_a_switch_choice_of_helpers() => Verify.Diagnostics(
        "LOSS004",
        """
        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 3);
            private Tensor Probabilities(Tensor x, int mode) => mode switch
            {
                0 => torch.softmax(head.forward(x), 1),
                _ => head.forward(x).softmax(-1),
            };

            public Tensor Step(Tensor x, Tensor y) => CrossEntropyLoss().forward({|LOSS004:Probabilities(x, 1)|}, y);
        }
        """);

    [Fact]
    public Task Loss001_through_modules_that_are_not_tensor_to_tensor() => Verify.Diagnostics(
        "LOSS001",
        """
        public sealed class TwoOutputs : Module<Tensor, (Tensor Logits, Tensor Probabilities)>
        {
            private readonly Linear head = Linear(4, 1);
            public TwoOutputs() : base(nameof(TwoOutputs)) { RegisterComponents(); }
            public override (Tensor Logits, Tensor Probabilities) forward(Tensor x)
            {
                var z = head.forward(x);
                return (z, torch.sigmoid(z));
            }
        }

        public sealed record Scored(Tensor Scores, Tensor Hidden);

        public sealed class RecordOutput : Module<Tensor, Scored>
        {
            private readonly Linear head = Linear(4, 1);
            public RecordOutput() : base(nameof(RecordOutput)) { RegisterComponents(); }
            public override Scored forward(Tensor x) => new Scored(torch.sigmoid(head.forward(x)), x);
        }

        public sealed class Masked : Module<Tensor, Tensor, Tensor>
        {
            private readonly Linear head = Linear(4, 1);
            public Masked() : base(nameof(Masked)) { RegisterComponents(); }
            public override Tensor forward(Tensor x, Tensor mask) => torch.sigmoid(head.forward(x * mask));
        }

        sealed class Trainer
        {
            private readonly TwoOutputs two = new();
            private readonly RecordOutput scored = new();
            private readonly Masked masked = new();

            public Tensor A(Tensor x, Tensor y)
            {
                var (logits, probabilities) = two.forward(x);
                return BCELoss().forward({|LOSS001:probabilities|}, y);
            }

            public Tensor B(Tensor x, Tensor y) => BCELoss().forward({|LOSS001:scored.forward(x).Scores|}, y);

            public Tensor C(Tensor x, Tensor mask, Tensor y) => BCELoss().forward({|LOSS001:masked.forward(x, mask)|}, y);

            public Tensor D(Tensor x, Tensor y) => BCELoss().forward({|LOSS001:two.call(x).Item2|}, y);

            public Tensor E(Tensor x, Tensor y) => BCEWithLogitsLoss().forward(two.forward(x).Logits, y);
        }
        """);

    [Fact]
    public Task Loss001_through_a_head_looked_up_in_a_ModuleDict() => Verify.Diagnostics(
        "LOSS001",
        """
        public sealed class Heads : Module<Tensor, Tensor>
        {
            private readonly ModuleDict<Module<Tensor, Tensor>> heads = ModuleDict<Module<Tensor, Tensor>>(
                ("logits", Linear(4, 1)),
                ("probabilities", Sequential(Linear(4, 1), Sigmoid())));

            public Heads() : base(nameof(Heads)) { RegisterComponents(); }

            public override Tensor forward(Tensor x) => heads["probabilities"].forward(x);

            public Tensor Logits(Tensor x) => heads["logits"].forward(x);
        }

        sealed class Trainer
        {
            private readonly Heads model = new();
            public Tensor Step(Tensor x, Tensor y) => BCELoss().forward({|LOSS001:model.forward(x)|}, y);
            public Tensor Other(Tensor x, Tensor y) => BCELoss().forward(model.Logits(x), y);
        }
        """);

    [Fact]
    public Task Loss001_and_loss002_through_a_forward_that_loops_over_its_layers() => Verify.Diagnostics(
        new[] { "LOSS001", "LOSS002" },
        """
        public sealed class Stack : Module<Tensor, Tensor>
        {
            private readonly ModuleList<Module<Tensor, Tensor>> layers = ModuleList<Module<Tensor, Tensor>>(Linear(4, 8), ReLU(), Linear(8, 1), Sigmoid());

            public Stack() : base(nameof(Stack)) { RegisterComponents(); }

            public override Tensor forward(Tensor x)
            {
                foreach (var layer in layers)
                {
                    x = layer.forward(x);
                }

                return x;
            }
        }

        public sealed class Built : Module<Tensor, Tensor>
        {
            private readonly System.Collections.Generic.List<Module<Tensor, Tensor>> layers = new();

            public Built() : base(nameof(Built))
            {
                layers.Add(Linear(4, 8));
                layers.Add(ReLU());
                layers.Add(Linear(8, 1));
                RegisterComponents();
            }

            public override Tensor forward(Tensor input)
            {
                var x = input;
                foreach (var layer in layers) x = layer.call(x);
                return x;
            }
        }

        sealed class Trainer
        {
            private readonly Stack stack = new();
            private readonly Built built = new();
            public Tensor A(Tensor x, Tensor y) => BCELoss().forward({|LOSS001:stack.forward(x)|}, y);
            public Tensor B(Tensor x, Tensor y) => BCEWithLogitsLoss().forward({|LOSS002:stack.forward(x)|}, y);
            public Tensor C(Tensor x, Tensor y) => BCEWithLogitsLoss().forward(built.forward(x), y);
        }
        """);

    [Fact]
    public Task No_loss001_fix_that_would_unwrap_the_call_of_a_loop_over_layers() => Verify.NoFix<LossAnalyzers.CodeFixes.Loss001CodeFix>(
        "LOSS001",
        """
        public sealed class Stack : Module<Tensor, Tensor>
        {
            private readonly ModuleList<Module<Tensor, Tensor>> layers = ModuleList<Module<Tensor, Tensor>>(Linear(4, 1), Sigmoid());

            public Stack() : base(nameof(Stack)) { RegisterComponents(); }

            public override Tensor forward(Tensor x)
            {
                foreach (var layer in layers)
                {
                    x = layer.forward(x);
                }

                return x;
            }
        }

        sealed class Trainer
        {
            private readonly Stack stack = new();
            public Tensor A(Tensor x, Tensor y) => BCELoss().forward({|LOSS001:stack.forward(x)|}, y);
        }
        """);

    [Fact]
    public async Task The_message_names_the_call_site_that_passes_the_evidence()
    {
        var compilation = TestCompilation.Create(Verify.Usings + """
            sealed class TwoHeads
            {
                private readonly Module<Tensor, Tensor> model = Sequential(Linear(32, 64), ReLU(), Linear(64, 2));

                Tensor GetLoss(Tensor pred, Tensor label) =>
                    BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 1f, 6f })).forward(pred, label);

                Tensor Step(Tensor x, Tensor labels1, Tensor labels2)
                {
                    var infer = model.forward(x);
                    return GetLoss(infer[.., 0], labels1) + GetLoss(infer[.., 1], labels2);
                }
            }
            """);
        var (diagnostics, exceptions) = await LossAnalyzers.Tests.Robustness.AnalyzerRun.AnalyzeAsync(compilation);
        Assert.Empty(exceptions);
        var message = Assert.Single(diagnostics, d => d.Id == "LOSS006").GetMessage();
        Assert.True(message.Contains("(passed at File0.cs line 16 and 1 other call)", StringComparison.Ordinal), message);
    }

    /// <summary>Callers that disagree: each call site is its own case; the finding holds for the one that passes a sigmoid, and no fix is offered (it would change the other caller).</summary>
    [Fact]
    public async Task Loss001_for_the_call_sites_that_pass_a_sigmoid_when_callers_disagree()
    {
        const string source = """
            sealed class Trainer
            {
                static Tensor Loss(Tensor p, Tensor y) => BCELoss().forward({|LOSS001:p|}, y);
                Tensor A(Tensor z, Tensor y) => Loss(z.sigmoid(), y);
                Tensor B(Tensor z, Tensor y) => Loss(z, y);
            }
            """;
        // LOSS012 is not reported either: a sigmoid output visibly reaches the loss.
        await Verify.Diagnostics(new[] { "LOSS001", "LOSS012" }, source);
        await Verify.NoFix<LossAnalyzers.CodeFixes.Loss001CodeFix>("LOSS001", source);
    }

    [Fact]
    public Task Loss006_for_the_caller_that_passes_a_single_column_when_callers_disagree() => Verify.Diagnostics(
        "LOSS006",
        """
        sealed class Trainer
        {
            private readonly Linear head = Linear(8, 2);

            Tensor GetLoss(Tensor pred, Tensor label) =>
                BCEWithLogitsLoss(pos_weights: {|LOSS006:torch.tensor(new float[] { 1f, 6f })|}).forward(pred, label);

            Tensor Both(Tensor x, Tensor y) => GetLoss(head.forward(x), y);
            Tensor First(Tensor x, Tensor y) => GetLoss(head.forward(x)[.., 0], y);
        }
        """);

    [Fact]
    public Task Loss006_on_the_candidate_of_a_choice_whose_weights_are_wrong() => Verify.Diagnostics(
        "LOSS006",
        """
        sealed class Trainer
        {
            private readonly Linear head = Linear(8, 1);

            Tensor Step(Tensor x, Tensor y, bool weighted, int mode)
            {
                var criterion = weighted ? BCEWithLogitsLoss(pos_weights: {|LOSS006:torch.tensor(new float[] { 1f, 6f })|}) : BCEWithLogitsLoss();
                var other = mode switch
                {
                    0 => BCEWithLogitsLoss(pos_weights: {|LOSS006:torch.ones(3)|}),
                    _ => BCEWithLogitsLoss(pos_weights: torch.tensor(4f)),
                };
                return criterion.forward(head.forward(x).squeeze(-1), y) + other.forward(head.forward(x).squeeze(-1), y);
            }
        }
        """);

    [Fact]
    public Task Loss001_on_a_loss_passed_as_an_argument_and_loss009_on_labels_passed_in() => Verify.Diagnostics(
        new[] { "LOSS001", "LOSS009" },
        """
        sealed class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(4, 1), Sigmoid());

            private Tensor Train(Loss<Tensor, Tensor, Tensor> criterion, Tensor x, Tensor labels) =>
                criterion.forward({|LOSS001:model.forward(x)|}, {|LOSS009:labels|});

            private static Tensor MakeLabels(long[] raw) => torch.tensor(raw);

            public Tensor Run(Tensor x, long[] raw) => Train(BCELoss(), x, MakeLabels(raw));
        }
        """);
}
