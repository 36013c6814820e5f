using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// Where the sigmoid fixes (LOSS001, LOSS002) act when removing the activation at its source would change other code:
/// a tuple whose sibling element holds the logits is passed instead, and a helper that only applies the sigmoid and has
/// other callers is unwrapped at the call that feeds the loss.
/// </summary>
public sealed class ActivationFixPlacementTests
{
    private const string TwoOutputs = """
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

        """;

    [Fact]
    public Task Loss002_passes_the_tuple_sibling_that_holds_the_logits() => Verify.Fix<Loss002CodeFix>(
        "LOSS002",
        TwoOutputs + """
        sealed class Trainer
        {
            private readonly TwoOutputs net = new();

            public Tensor Step(Tensor x, Tensor y)
            {
                var (logits, probabilities) = net.forward(x);
                var accuracy = (probabilities > 0.5f).to_type(ScalarType.Float32).mean();
                return BCEWithLogitsLoss().forward({|LOSS002:probabilities|}, y) + accuracy;
            }
        }
        """,
        TwoOutputs + """
        sealed class Trainer
        {
            private readonly TwoOutputs net = new();

            public Tensor Step(Tensor x, Tensor y)
            {
                var (logits, probabilities) = net.forward(x);
                var accuracy = (probabilities > 0.5f).to_type(ScalarType.Float32).mean();
                return BCEWithLogitsLoss().forward(logits, y) + accuracy;
            }
        }
        """);

    [Fact]
    public Task Loss001_converts_the_loss_and_passes_the_tuple_sibling() => Verify.Fix<Loss001CodeFix>(
        "LOSS001",
        TwoOutputs + """
        sealed class Trainer
        {
            private readonly TwoOutputs net = new();

            public Tensor Step(Tensor x, Tensor y)
            {
                var (logits, probabilities) = net.forward(x);
                return BCELoss().forward({|LOSS001:probabilities|}, y);
            }
        }
        """,
        TwoOutputs + """
        sealed class Trainer
        {
            private readonly TwoOutputs net = new();

            public Tensor Step(Tensor x, Tensor y)
            {
                var (logits, probabilities) = net.forward(x);
                return BCEWithLogitsLoss().forward(logits, y);
            }
        }
        """);

    [Fact]
    public Task No_sibling_fix_when_the_logits_element_is_discarded() => Verify.NoFix<Loss002CodeFix>(
        "LOSS002",
        TwoOutputs + """
        sealed class Trainer
        {
            private readonly TwoOutputs net = new();

            public Tensor Step(Tensor x, Tensor y)
            {
                var (_, probabilities) = net.forward(x);
                var accuracy = (probabilities > 0.5f).to_type(ScalarType.Float32).mean();
                return BCEWithLogitsLoss().forward({|LOSS002:probabilities|}, y) + accuracy;
            }
        }
        """);

    private const string Squash = """
        static class Activations
        {
            public static Tensor Squash(this Tensor t) => torch.sigmoid(t);
        }

        """;

    [Fact]
    public Task A_helper_with_other_callers_is_unwrapped_where_the_loss_calls_it() => Verify.Fix<Loss002CodeFix>(
        "LOSS002",
        Squash + """
        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);
            public Tensor Step(Tensor x, Tensor y) => BCEWithLogitsLoss().forward({|LOSS002:head.forward(x).Squash()|}, y);
            public Tensor Confidence(Tensor x) => head.forward(x).Squash().mean();
        }
        """,
        Squash + """
        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);
            public Tensor Step(Tensor x, Tensor y) => BCEWithLogitsLoss().forward(head.forward(x), y);
            public Tensor Confidence(Tensor x) => head.forward(x).Squash().mean();
        }
        """);

    [Fact]
    public Task A_static_helper_with_other_callers_is_unwrapped_at_the_loss_for_LOSS001() => Verify.Fix<Loss001CodeFix>(
        "LOSS001",
        """
        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);
            private static Tensor Act(Tensor t) => t.sigmoid();
            public Tensor Step(Tensor x, Tensor y)
            {
                var p = Act(head.forward(x));
                return BCELoss().forward({|LOSS001:p|}, y);
            }

            public Tensor Report(Tensor x) => Act(head.forward(x)).mean();
        }
        """,
        """
        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);
            private static Tensor Act(Tensor t) => t.sigmoid();
            public Tensor Step(Tensor x, Tensor y)
            {
                var p = head.forward(x);
                return BCEWithLogitsLoss().forward(p, y);
            }

            public Tensor Report(Tensor x) => Act(head.forward(x)).mean();
        }
        """);
}
