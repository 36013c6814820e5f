using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>The LOSS003 fix: BCEWithLogitsLoss on the squeezed logit, float target, class weight to pos_weights.</summary>
public sealed class Loss003CodeFixTests
{
    [Fact]
    public Task Module_loss_with_class_weights_becomes_BCEWithLogitsLoss_with_pos_weights() => Verify.Fix<Loss003CodeFix>(
        "LOSS003",
        """
        class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(10, 16), ReLU(), Linear(16, 1));
            private readonly Loss<Tensor, Tensor, Tensor> criterion = nn.CrossEntropyLoss(weight: torch.tensor(new float[] { 1.17f, 6.77f }));

            Tensor Step(Tensor x, Tensor labels) => criterion.forward({|LOSS003:model.forward(x)|}, labels);
        }
        """,
        """
        class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(10, 16), ReLU(), Linear(16, 1));
            private readonly Loss<Tensor, Tensor, Tensor> criterion = nn.BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 5.786325f /* 6.77 / 1.17 */ }));

            Tensor Step(Tensor x, Tensor labels) => criterion.forward(model.forward(x).squeeze(-1), labels.to_type(ScalarType.Float32));
        }
        """);

    [Fact]
    public Task Reduction_is_kept_and_a_typed_holder_is_retyped() => Verify.Fix<Loss003CodeFix>(
        "LOSS003",
        Verify.InMethod("""
            CrossEntropyLoss criterion = CrossEntropyLoss(null, null, Reduction.Sum);
            var output = Linear(4, 1).forward(x);
            var loss = criterion.forward({|LOSS003:output|}, y);
            """),
        Verify.InMethod("""
            BCEWithLogitsLoss criterion = BCEWithLogitsLoss(reduction: Reduction.Sum);
            var output = Linear(4, 1).forward(x);
            var loss = criterion.forward(output.squeeze(-1), y.to_type(ScalarType.Float32));
            """));

    [Fact]
    public Task Functional_cross_entropy_and_nll_loss_are_rewritten() => Verify.Fix<Loss003CodeFix>(
        "LOSS003",
        """
        class Trainer
        {
            private readonly Linear head = Linear(8, 1);
            private static readonly Tensor Weights = torch.tensor(new double[] { 2.0, 3.0 });

            Tensor A(Tensor x, Tensor y) => functional.cross_entropy({|LOSS003:head.forward(x)|}, y, reduction: Reduction.Sum);
            Tensor B(Tensor x, Tensor y) => functional.nll_loss({|LOSS003:head.forward(x).squeeze(-1)|}, y, Weights);
        }
        """,
        """
        class Trainer
        {
            private readonly Linear head = Linear(8, 1);
            private static readonly Tensor Weights = torch.tensor(new double[] { 2.0, 3.0 });

            Tensor A(Tensor x, Tensor y) => functional.binary_cross_entropy_with_logits(head.forward(x).squeeze(-1), y.to_type(ScalarType.Float32), reduction: Reduction.Sum);
            Tensor B(Tensor x, Tensor y) => functional.binary_cross_entropy_with_logits(head.forward(x).squeeze(-1), y.to_type(ScalarType.Float32), pos_weights: torch.tensor(new double[] { 1.5 /* 3 / 2 */ }, device: Weights.device));
        }
        """);

    [Fact]
    public Task New_CrossEntropyLoss_gets_every_constructor_argument() => Verify.Fix<Loss003CodeFix>(
        "LOSS003",
        Verify.InMethod("var loss = new CrossEntropyLoss(null, null, Reduction.Mean, 0.0).forward({|LOSS003:Linear(4, 1).forward(x)|}, y);"),
        Verify.InMethod("var loss = new BCEWithLogitsLoss(null, Reduction.Mean, null).forward(Linear(4, 1).forward(x).squeeze(-1), y.to_type(ScalarType.Float32));"));

    [Fact]
    public Task New_CrossEntropyLoss_without_a_reduction_gets_the_default_one() => Verify.Fix<Loss003CodeFix>(
        "LOSS003",
        Verify.InMethod("var loss = new CrossEntropyLoss(null, null, default, 0.0).forward({|LOSS003:Linear(4, 1).forward(x)|}, y);"),
        Verify.InMethod("var loss = new BCEWithLogitsLoss(null, default, null).forward(Linear(4, 1).forward(x).squeeze(-1), y.to_type(ScalarType.Float32));"));

    [Fact]
    public Task No_fix_when_ignore_index_or_label_smoothing_would_be_lost() => Verify.NoFix<Loss003CodeFix>(
        "LOSS003",
        Verify.InMethod("""
            var a = CrossEntropyLoss(ignore_index: -1).forward({|LOSS003:Linear(4, 1).forward(x)|}, y);
            var b = functional.cross_entropy({|LOSS003:Linear(4, 1).forward(x)|}, y, label_smoothing: 0.1);
            """));

    [Fact]
    public Task No_fix_when_the_class_weight_values_are_not_visible() => Verify.NoFix<Loss003CodeFix>(
        "LOSS003",
        """
        class Trainer
        {
            Tensor Step(Tensor weights, Tensor x, Tensor y) => CrossEntropyLoss(weight: weights).forward({|LOSS003:Linear(4, 1).forward(x)|}, y);
        }
        """);

    [Fact]
    public Task No_fix_when_the_output_is_not_a_raw_logit() => Verify.NoFix<Loss003CodeFix>(
        "LOSS003",
        Verify.InMethod("var loss = CrossEntropyLoss().forward({|LOSS003:Sequential(Linear(4, 1), Sigmoid()).forward(x)|}, y);"));

    [Fact]
    public Task Trailing_LogSoftmax_of_the_width_one_head_goes_and_other_uses_keep_it() => Verify.Fix<Loss003CodeFix>(
        "LOSS003",
        """
        class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(10, 16), ReLU(), Linear(16, 1), LogSoftmax(1));
            private readonly Loss<Tensor, Tensor, Tensor> criterion = NLLLoss();

            Tensor Step(Tensor x, Tensor labels) => criterion.forward({|LOSS003:model.forward(x)|}, labels);
            Tensor Scores(Tensor x) => model.forward(x);
        }
        """,
        """
        class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(10, 16), ReLU(), Linear(16, 1));
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss();

            Tensor Step(Tensor x, Tensor labels) => criterion.forward(model.forward(x).squeeze(-1), labels.to_type(ScalarType.Float32));
            Tensor Scores(Tensor x) => model.forward(x).log_softmax(1);
        }
        """);

    [Fact]
    public Task Inline_log_softmax_and_softmax_on_the_width_one_head_go() => Verify.Fix<Loss003CodeFix>(
        "LOSS003",
        Verify.InMethod("""
            var head = Linear(4, 1);
            var a = CrossEntropyLoss().forward({|LOSS003:head.forward(x).log_softmax(1)|}, y);
            var b = functional.nll_loss({|LOSS003:functional.log_softmax(head.forward(x), -1)|}, y);
            var c = CrossEntropyLoss().forward({|LOSS003:functional.softmax(head.forward(x), 1)|}, y);
            """),
        Verify.InMethod("""
            var head = Linear(4, 1);
            var a = BCEWithLogitsLoss().forward(head.forward(x).squeeze(-1), y.to_type(ScalarType.Float32));
            var b = functional.binary_cross_entropy_with_logits(head.forward(x).squeeze(-1), y.to_type(ScalarType.Float32));
            var c = BCEWithLogitsLoss().forward(head.forward(x).squeeze(-1), y.to_type(ScalarType.Float32));
            """));
}
