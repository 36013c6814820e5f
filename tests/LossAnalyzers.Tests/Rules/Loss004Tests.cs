using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS004: softmax or sigmoid probabilities, or a hand-built [p, 1 - p], into CrossEntropyLoss.</summary>
public sealed class Loss004Tests
{
    [Theory]
    [InlineData("CrossEntropyLoss().forward({|LOSS004:torch.softmax(logits, 1)|}, y);")]
    [InlineData("nn.CrossEntropyLoss(reduction: Reduction.Sum).call({|LOSS004:logits.softmax(-1)|}, y);")]
    [InlineData("functional.cross_entropy({|LOSS004:functional.softmax(logits, 1)|}, y);")]
    [InlineData("var sm = Softmax(1); var p = sm.forward(logits); torch.nn.functional.cross_entropy({|LOSS004:p|}, y);")]
    [InlineData("var model = Sequential((\"fc\", Linear(4, 3)), (\"softmax\", Softmax(1))); using var criterion = CrossEntropyLoss(); criterion.forward({|LOSS004:model.forward(x)|}, y);")]
    [InlineData("var model = Sequential(Linear(4, 3), Sigmoid()); CrossEntropyLoss().forward({|LOSS004:model.call(x)|}, y);")]
    [InlineData("var p = torch.sigmoid(logits); var two = torch.cat(new[] { p, 1 - p }, 1); CrossEntropyLoss(weight: torch.tensor(new float[] { 1f, 5f })).forward({|LOSS004:two|}, y);")]
    public Task Reported_in_every_idiom(string body) => Verify.DiagnosticsInMethod("LOSS004", body);

    [Fact]
    public Task Reported_for_the_forum_two_column_model_in_fields() => Verify.Diagnostics(
        "LOSS004",
        """
        public sealed class OneOutput : Module<Tensor, Tensor>
        {
            private readonly Linear fc = Linear(10, 1);
            public OneOutput() : base("one") { RegisterComponents(); }
            public override Tensor forward(Tensor x) => torch.sigmoid(fc.forward(x));
        }

        sealed class Training
        {
            private readonly OneOutput model = new();
            private readonly Loss<Tensor, Tensor, Tensor> criterion = CrossEntropyLoss(weight: torch.tensor(new float[] { 1f, 5f }));

            public Tensor Step(Tensor batch, Tensor labels)
            {
                var outputs = model.forward(batch);
                outputs = outputs.view(-1, 1);
                var one = torch.ones(outputs.shape);
                var class1 = one - outputs;
                outputs = torch.cat(new[] { outputs, class1 }, 1);
                return criterion.forward({|LOSS004:outputs|}, labels);
            }
        }
        """);

    [Theory]
    [InlineData("CrossEntropyLoss().forward(logits, y);")]
    [InlineData("var model = Sequential(Linear(4, 3)); CrossEntropyLoss().forward(model.forward(x), y); var p = model.forward(x).softmax(1);")]
    [InlineData("CrossEntropyLoss().forward(Linear(4, 3).forward(x), torch.softmax(logits, 1));")]
    [InlineData("NLLLoss().forward(functional.log_softmax(logits, 1), y);")]
    [InlineData("CrossEntropyLoss().forward(functional.log_softmax(logits, 1), y);")]
    [InlineData("var model = Sequential(Linear(4, 8), Softmax(1), Linear(8, 3)); CrossEntropyLoss().forward(model.forward(x), y);")]
    [InlineData("var p = torch.sigmoid(logits); CrossEntropyLoss().forward(torch.cat(new[] { p, 1 - x }, 1), y);")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS004", body);

    [Fact]
    public Task Fix_removes_the_softmax_and_restores_it_for_other_uses() => Verify.Fix<Loss004CodeFix>(
        "LOSS004",
        """
        class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(("fc", Linear(4, 3)), ("softmax", Softmax(1)));

            (Tensor Loss, Tensor Predicted) Step(Tensor x, Tensor y)
            {
                var probabilities = model.forward(x);
                var loss = CrossEntropyLoss().forward({|LOSS004:probabilities|}, y);
                return (loss, probabilities.argmax(1));
            }
        }
        """,
        """
        class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(("fc", Linear(4, 3)));

            (Tensor Loss, Tensor Predicted) Step(Tensor x, Tensor y)
            {
                var probabilities = model.forward(x);
                var loss = CrossEntropyLoss().forward(probabilities, y);
                return (loss, probabilities.softmax(1).argmax(1));
            }
        }
        """);

    [Fact]
    public Task Fix_unwraps_inline_softmax_and_sigmoid() => Verify.Fix<Loss004CodeFix>(
        "LOSS004",
        Verify.InMethod("""
            var a = CrossEntropyLoss().forward({|LOSS004:torch.softmax(logits, 1)|}, y);
            var b = functional.cross_entropy({|LOSS004:(logits + x).sigmoid()|}, y);
            """),
        Verify.InMethod("""
            var a = CrossEntropyLoss().forward(logits, y);
            var b = functional.cross_entropy(logits + x, y);
            """));

    [Fact]
    public Task Fix_unwraps_softmax_in_forward() => Verify.Fix<Loss004CodeFix>(
        "LOSS004",
        new[]
        {
            """
            public sealed class Classifier : Module<Tensor, Tensor>
            {
                private readonly Linear head = Linear(16, 10);
                public Classifier() : base("classifier") { RegisterComponents(); }
                public override Tensor forward(Tensor x) => functional.softmax(head.forward(x), 1);
            }
            """,
            """
            static class Training
            {
                public static Tensor Step(Classifier model, Tensor x, Tensor y) => CrossEntropyLoss().forward({|LOSS004:model.forward(x)|}, y);
                public static Tensor Confidence(Classifier model, Tensor x) => model.forward(x).max();
            }
            """,
        },
        new[]
        {
            """
            public sealed class Classifier : Module<Tensor, Tensor>
            {
                private readonly Linear head = Linear(16, 10);
                public Classifier() : base("classifier") { RegisterComponents(); }
                public override Tensor forward(Tensor x) => head.forward(x);
            }
            """,
            """
            static class Training
            {
                public static Tensor Step(Classifier model, Tensor x, Tensor y) => CrossEntropyLoss().forward(model.forward(x), y);
                public static Tensor Confidence(Classifier model, Tensor x) => model.forward(x).softmax(1).max();
            }
            """,
        });

    [Fact]
    public Task No_fix_for_a_softmax_module_whose_dimension_is_not_visible() => Verify.NoFix<Loss004CodeFix>(
        "LOSS004",
        """
        class Trainer
        {
            Tensor Step(Softmax softmax, Tensor logits, Tensor y) => CrossEntropyLoss().forward({|LOSS004:softmax.forward(logits)|}, y);
        }
        """);

    [Fact]
    public Task No_fix_for_a_softmax_with_a_dtype() => Verify.NoFix<Loss004CodeFix>(
        "LOSS004",
        Verify.InMethod("CrossEntropyLoss().forward({|LOSS004:torch.softmax(logits, 1, ScalarType.Float64)|}, y);"));

    [Fact]
    public Task Fix_turns_the_forum_two_columns_into_one_logit_with_BCEWithLogitsLoss() => Verify.Fix<Loss004CodeFix>(
        "LOSS004",
        new[]
        {
            """
            public sealed class OneOutput : Module<Tensor, Tensor>
            {
                private readonly Linear fc = Linear(10, 1);
                public OneOutput() : base("one") { RegisterComponents(); }
                public override Tensor forward(Tensor x) => torch.sigmoid(fc.forward(x));
            }
            """,
            """
            sealed class Training
            {
                private readonly OneOutput model = new();
                private readonly Loss<Tensor, Tensor, Tensor> criterion = CrossEntropyLoss(weight: torch.tensor(new float[] { 1f, 5f }));

                public Tensor Step(Tensor batch, Tensor labels)
                {
                    var outputs = model.forward(batch);
                    outputs = outputs.view(-1, 1);
                    var one = torch.ones(outputs.shape);
                    var class1 = one - outputs;
                    outputs = torch.cat(new[] { outputs, class1 }, 1);
                    return criterion.forward({|LOSS004:outputs|}, labels);
                }

                public Tensor Predict(Tensor batch) => model.forward(batch) < 0.5;
            }
            """,
        },
        new[]
        {
            """
            public sealed class OneOutput : Module<Tensor, Tensor>
            {
                private readonly Linear fc = Linear(10, 1);
                public OneOutput() : base("one") { RegisterComponents(); }
                public override Tensor forward(Tensor x) => fc.forward(x);
            }
            """,
            """
            sealed class Training
            {
                private readonly OneOutput model = new();
                private readonly Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 5f /* 5 / 1 */ }));

                public Tensor Step(Tensor batch, Tensor labels)
                {
                    var outputs = model.forward(batch);
                    outputs = outputs.view(-1, 1);
                    var one = torch.ones(outputs.shape);
                    var class1 = one - torch.sigmoid(outputs);
                    outputs = outputs.neg();
                    return criterion.forward(outputs.squeeze(-1), labels.to_type(ScalarType.Float32));
                }

                public Tensor Predict(Tensor batch) => torch.sigmoid(model.forward(batch)) < 0.5;
            }
            """,
        });

    [Fact]
    public Task Fix_for_columns_in_the_other_order_keeps_the_logit_and_converts_the_functional_form() => Verify.Fix<Loss004CodeFix>(
        "LOSS004",
        Verify.InMethod("""
            var p = Linear(4, 1).forward(x).sigmoid();
            var loss = functional.cross_entropy({|LOSS004:torch.cat(new[] { 1 - p, p }, 1)|}, y);
            """),
        Verify.InMethod("""
            var p = Linear(4, 1).forward(x);
            var loss = functional.binary_cross_entropy_with_logits(p.squeeze(-1), y.to_type(ScalarType.Float32));
            """));

    /// <summary>Fix All applies every diagnostic with the first one's equivalence key: both forms must be fixed in one run.</summary>
    [Fact]
    public Task Fix_all_applies_both_forms_under_one_key() => Verify.Fix<Loss004CodeFix>(
        "LOSS004",
        Verify.InMethod("""
            var softmaxLoss = CrossEntropyLoss().forward({|LOSS004:torch.softmax(Linear(4, 3).forward(x), 1)|}, y);
            var p = Linear(4, 1).forward(x).sigmoid();
            var twoColumnLoss = functional.cross_entropy({|LOSS004:torch.cat(new[] { 1 - p, p }, 1)|}, y);
            var sigmoidLoss = functional.cross_entropy({|LOSS004:Linear(4, 3).forward(x).sigmoid()|}, y);
            """),
        Verify.InMethod("""
            var softmaxLoss = CrossEntropyLoss().forward(Linear(4, 3).forward(x), y);
            var p = Linear(4, 1).forward(x);
            var twoColumnLoss = functional.binary_cross_entropy_with_logits(p.squeeze(-1), y.to_type(ScalarType.Float32));
            var sigmoidLoss = functional.cross_entropy(Linear(4, 3).forward(x), y);
            """));

    [Fact]
    public Task No_one_logit_fix_when_the_two_columns_are_also_used_elsewhere() => Verify.NoFix<Loss004CodeFix>(
        "LOSS004",
        Verify.InMethod("""
            var p = Linear(4, 1).forward(x).sigmoid();
            var two = torch.cat(new[] { p, 1 - p }, 1);
            var loss = CrossEntropyLoss().forward({|LOSS004:two|}, y);
            var predicted = two.argmax(1);
            """));
}
