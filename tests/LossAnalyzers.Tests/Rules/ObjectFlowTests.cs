using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// Values carried by objects of the user's classes, read per object: a member read on an object whose construction is
/// visible takes that construction's arguments, never the set of every construction of the class in the program.
/// </summary>
public sealed class ObjectFlowTests
{
    private const string Prediction = """
        public sealed class Prediction
        {
            public Prediction(Tensor data, Tensor? state)
            {
                Data = data;
                State = state;
            }

            public Tensor Data { get; init; }

            public Tensor? State { get; init; }
        }
        """;

    [Fact]
    public Task A_class_member_set_by_its_constructor_is_read_per_object() => Verify.Diagnostics(
        "LOSS002",
        Prediction + """

        public sealed class Model : Module<Tensor, Prediction>
        {
            private readonly Linear fc = Linear(4, 1);
            public Model() : base(nameof(Model)) { RegisterComponents(); }
            public override Prediction forward(Tensor x) => new Prediction(torch.sigmoid(fc.forward(x)), null);
        }

        public sealed class Head : Module<Prediction, Tensor>
        {
            public Head() : base(nameof(Head)) { }
            public override Tensor forward(Prediction p) => p.Data;
        }

        sealed class Trainer
        {
            private readonly Model model = new();
            private readonly Head head = new();

            public Tensor Step(Tensor x, Tensor y) => BCEWithLogitsLoss().forward({|LOSS002:model.forward(x).Data|}, y);

            public Tensor Raw(Tensor x) => head.forward(new Prediction(x, null));
        }
        """);

    [Fact]
    public Task A_record_class_module_with_a_block_bodied_forward() => Verify.Diagnostics(
        "LOSS002",
        Prediction + """

        public sealed class Recurrent : Module<Prediction, Prediction>
        {
            private readonly Linear fc = Linear(4, 1);
            public Recurrent() : base(nameof(Recurrent)) { RegisterComponents(); }
            public override Prediction forward(Prediction input)
            {
                var state = input.State;
                using Tensor hidden = fc.forward(input.Data);
                Tensor output = torch.sigmoid(hidden);
                return new Prediction(output, state);
            }
        }

        sealed class Trainer
        {
            private readonly Recurrent model = new();

            public Tensor Step(Tensor x, Tensor y)
            {
                var result = model.forward(new Prediction(x, null));
                return BCEWithLogitsLoss().forward({|LOSS002:result.Data|}, y);
            }

            public Tensor Clean(Tensor x, Tensor y) => BCEWithLogitsLoss().forward(new Prediction(x, null).Data, y);
        }
        """);

    [Fact]
    public Task An_object_initializer_is_read_per_object() => Verify.Diagnostics(
        "LOSS001",
        """
        public sealed class Batch
        {
            public Tensor Scores { get; init; } = null!;
        }

        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);
            private Batch Probabilities(Tensor x) => new Batch { Scores = head.forward(x).sigmoid() };
            private Batch Logits(Tensor x) => new Batch { Scores = head.forward(x) };

            public Tensor A(Tensor x, Tensor y) => BCELoss().forward({|LOSS001:Probabilities(x).Scores|}, y);
            public Tensor B(Tensor x, Tensor y) => BCELoss().forward(Logits(x).Scores, y);
        }
        """);

    [Fact]
    public Task A_member_written_after_construction_is_not_read_per_object() => Verify.Diagnostics(
        "LOSS001",
        """
        public sealed class Holder
        {
            public Holder(Tensor value) { Value = value; }
            public Tensor Value { get; set; }
        }

        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);

            public Tensor A(Tensor x, Tensor y)
            {
                var holder = new Holder(head.forward(x).sigmoid());
                Replace(holder, x);
                return BCELoss().forward(holder.Value, y);
            }

            private static void Replace(Holder holder, Tensor x) => holder.Value = x;
        }
        """);

    [Fact]
    public Task A_loss_defaulted_with_a_coalescing_assignment_in_a_helper() => Verify.Diagnostics(
        new[] { "LOSS001", "LOSS012" },
        """
        public sealed class Discriminator : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> main = Sequential(Linear(16, 1), Sigmoid(), Flatten());
            public Discriminator() : base(nameof(Discriminator)) { RegisterComponents(); }
            public override Tensor forward(Tensor x) => main.forward(x);
        }

        sealed class Gan
        {
            private readonly Device device = torch.CPU;
            private readonly Module<Tensor, Tensor> discriminator;

            public Gan() { discriminator = new Discriminator().to(device); }

            private static Tensor Error(Tensor scores, Tensor target, WeightedLoss<Tensor, Tensor, Tensor>? loss = null)
            {
                loss ??= BCELoss();
                return loss.forward({|LOSS001:scores|}, target);
            }

            public Tensor Step(Tensor real, Tensor ones) => Error(discriminator.forward(real), ones);
        }
        """);
}
