using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS011: logits compared with 0.5.</summary>
public sealed class Loss011Tests
{
    [Theory]
    [InlineData("var z = Linear(4, 1).forward(x); var loss = BCEWithLogitsLoss().forward(z, y); var predicted = {|LOSS011:z > 0.5|};")]
    [InlineData("var z = Linear(4, 1).forward(x).squeeze(-1); functional.binary_cross_entropy_with_logits(z, y); var predicted = {|LOSS011:z.ge(0.5)|};")]
    [InlineData("var z = Linear(4, 1).forward(x); BCEWithLogitsLoss().forward(z.view(-1), y); var negatives = {|LOSS011:z.detach().cpu() <= 0.5f|};")]
    [InlineData("var z = Linear(4, 1).forward(x); BCEWithLogitsLoss().call(z, y); var p = {|LOSS011:0.5 < z|};")]
    [InlineData("var z = Linear(4, 1).forward(x); BCEWithLogitsLoss().call(z, y); var q = {|LOSS011:z[.., 0].lt(Threshold)|};")]
    public Task Reported_on_the_comparison(string body) => Verify.DiagnosticsInMethod("LOSS011", body, "const double Threshold = 0.5;");

    [Fact]
    public Task Reported_for_another_output_of_the_same_model() => Verify.Diagnostics(
        "LOSS011",
        """
        sealed class Detector
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(8, 16), ReLU(), Linear(16, 1));
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 9f }));

            public float Train(Tensor x, Tensor y) => criterion.forward(model.forward(x).squeeze(-1), y).item<float>();

            public Tensor Evaluate(Tensor x)
            {
                using var _ = torch.no_grad();
                var scores = model.forward(x);
                return {|LOSS011:scores > 0.5|};
            }
        }
        """);

    [Fact]
    public Task Reported_for_the_same_instance_held_in_a_field_set_from_outside() => Verify.Diagnostics(
        "LOSS011",
        """
        public sealed class Net : Module<Tensor, Tensor>
        {
            private readonly Linear fc = Linear(4, 1);
            public Net() : base(nameof(Net)) { RegisterComponents(); }
            public override Tensor forward(Tensor x) => fc.forward(x);
        }

        sealed class Trainer
        {
            private readonly Net model;
            public Trainer(Net model) => this.model = model;
            public Tensor Train(Tensor x, Tensor y) => BCEWithLogitsLoss().forward(model.forward(x), y);
            public Tensor Predict(Tensor x) => {|LOSS011:model.forward(x) > 0.5|};
        }
        """);

    [Fact]
    public Task Not_reported_for_another_instance_of_the_same_class() => Verify.Diagnostics(
        "LOSS011",
        """
        public sealed class Net : Module<Tensor, Tensor>
        {
            private readonly Linear fc = Linear(4, 1);
            public Net() : base(nameof(Net)) { RegisterComponents(); }
            public override Tensor forward(Tensor x) => fc.forward(x);
        }

        sealed class Classifier
        {
            private readonly Net model = new();
            public Tensor Train(Tensor x, Tensor y) => BCEWithLogitsLoss().forward(model.forward(x), y);
        }

        sealed class Regression
        {
            private readonly Net regressor = new();
            public Tensor Train(Tensor x, Tensor y) => MSELoss().forward(regressor.forward(x), y);
            public Tensor AboveHalf(Tensor x) => regressor.forward(x) > 0.5;
            public static Tensor AboveHalf(Net any, Tensor x) => any.forward(x) > 0.5;
        }
        """);

    [Fact]
    public Task Not_reported_for_a_model_that_returns_probabilities_in_evaluation_mode() => Verify.Diagnostics(
        "LOSS011",
        """
        public sealed class Net : Module<Tensor, Tensor>
        {
            private readonly Linear fc = Linear(4, 1);
            public Net() : base(nameof(Net)) { RegisterComponents(); }
            public override Tensor forward(Tensor x)
            {
                var z = fc.forward(x);
                if (training)
                {
                    return z;
                }

                return torch.sigmoid(z);
            }
        }

        sealed class Trainer
        {
            private readonly Net model = new();
            private readonly Net other = new();
            public Tensor Train(Tensor x, Tensor y) => BCEWithLogitsLoss().forward(model.forward(x), y) + BCEWithLogitsLoss().forward(other.forward(x), y);
            public Tensor Predict(Tensor x)
            {
                model.eval();
                return model.forward(x) > 0.5;
            }

            public Tensor PredictOther(Tensor x)
            {
                using var _ = torch.no_grad();
                return other.forward(x).ge(0.5);
            }
        }
        """);

    [Theory]
    [InlineData("var z = Linear(4, 1).forward(x); BCEWithLogitsLoss().forward(z, y); var predicted = z > 0;")]
    [InlineData("var z = Linear(4, 1).forward(x); BCEWithLogitsLoss().forward(z, y); var predicted = torch.sigmoid(z) > 0.5;")]
    [InlineData("var p = Sequential(Linear(4, 1), Sigmoid()).forward(x); BCELoss().forward(p, y); var predicted = p > 0.5;")]
    [InlineData("var z = Linear(4, 1).forward(x); CrossEntropyLoss().forward(z, y); var predicted = z > 0.5;")]
    [InlineData("var predicted = logits > 0.5;")]
    [InlineData("var z = Linear(4, 1).forward(x); BCEWithLogitsLoss().forward(z, y); var close = y > 0.5; double d = 0.7; var b = d > 0.5;")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS011", body);

    [Fact]
    public Task Fix_compares_with_zero() => Verify.Fix<Loss011CodeFix>(
        "LOSS011",
        Verify.InMethod("""
            var z = Linear(4, 1).forward(x);
            var loss = BCEWithLogitsLoss().forward(z, y);
            var a = {|LOSS011:z > 0.5|};
            var b = {|LOSS011:z.le(0.5f)|};
            var c = {|LOSS011:0.5 >= z|};
            """),
        Verify.InMethod("""
            var z = Linear(4, 1).forward(x);
            var loss = BCEWithLogitsLoss().forward(z, y);
            var a = z > 0;
            var b = z.le(0);
            var c = 0 >= z;
            """));
}
