using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// The LOSS001 fix: the loss switches to the logits form, the sigmoid disappears where it is applied, other uses
/// of the model output keep seeing probabilities. Every test also runs Fix All in document, project and solution.
/// </summary>
public sealed class Loss001CodeFixTests
{
    private const string Usings = """
        using System;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        """;

    private static Task Verify(string source, string fixedSource) => Verify(new[] { source }, new[] { fixedSource });

    private static Task Verify(string[] sources, string[] fixedSources)
    {
        var test = new TorchCodeFixTest<LossUsageAnalyzer, Loss001CodeFix>().Only("LOSS001");
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        foreach (var source in fixedSources)
        {
            test.FixedState.Sources.Add(source);
        }

        return test.RunAsync();
    }

    private static Task VerifyNoFix(params string[] sources)
    {
        var test = new TorchCodeFixTest<LossUsageAnalyzer, Loss001CodeFix>().Only("LOSS001");
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
            test.FixedState.Sources.Add(source);
        }

        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }

    [Fact]
    public Task Inline_sigmoid_is_unwrapped_and_the_loss_converted() => Verify(
        Usings + """
        class Trainer
        {
            Tensor Step(Tensor logits, Tensor y)
            {
                var criterion = BCELoss(reduction: Reduction.Sum);
                return criterion.forward({|LOSS001:torch.sigmoid(logits)|}, y);
            }
        }
        """,
        Usings + """
        class Trainer
        {
            Tensor Step(Tensor logits, Tensor y)
            {
                var criterion = BCEWithLogitsLoss(reduction: Reduction.Sum);
                return criterion.forward(logits, y);
            }
        }
        """);

    [Fact]
    public Task Functional_form_is_renamed_and_keeps_weight_and_reduction() => Verify(
        Usings + """
        class Trainer
        {
            Tensor Step(Tensor logits, Tensor y, Tensor w) =>
                functional.binary_cross_entropy({|LOSS001:logits.sigmoid()|}, y, w, Reduction.Mean);
        }
        """,
        Usings + """
        class Trainer
        {
            Tensor Step(Tensor logits, Tensor y, Tensor w) =>
                functional.binary_cross_entropy_with_logits(logits, y, w, Reduction.Mean);
        }
        """);

    [Fact]
    public Task Trailing_sigmoid_is_dropped_from_a_named_Sequential() => Verify(
        Usings + """
        class Trainer
        {
            float Step(Tensor x, Tensor y)
            {
                var model = Sequential(
                    ("fc1", Linear(4, 8)),
                    ("relu", ReLU()),
                    ("fc2", Linear(8, 1)),
                    ("sigmoid", Sigmoid()));
                var criterion = nn.BCELoss(weight: torch.ones(1));
                var output = model.forward(x);
                var loss = criterion.forward({|LOSS001:output|}, y);
                return loss.item<float>();
            }
        }
        """,
        Usings + """
        class Trainer
        {
            float Step(Tensor x, Tensor y)
            {
                var model = Sequential(
                    ("fc1", Linear(4, 8)),
                    ("relu", ReLU()),
                    ("fc2", Linear(8, 1)));
                var criterion = nn.BCEWithLogitsLoss(weight: torch.ones(1));
                var output = model.forward(x);
                var loss = criterion.forward(output, y);
                return loss.item<float>();
            }
        }
        """);

    [Fact]
    public Task Trailing_sigmoid_is_dropped_from_a_plain_Sequential_and_metrics_keep_probabilities() => Verify(
        Usings + """
        class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(4, 1), Sigmoid());
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCELoss();

            (float Loss, float Accuracy) Step(Tensor x, Tensor y)
            {
                var output = model.forward(x).squeeze(-1);
                var loss = criterion.forward({|LOSS001:output|}, y);
                var correct = (output > 0.5).to_type(ScalarType.Float32).eq(y).sum();
                Console.WriteLine(output.mean().item<float>());
                return (loss.item<float>(), correct.item<float>() / y.shape[0]);
            }

            Tensor Predict(Tensor x) => model.forward(x);
        }
        """,
        Usings + """
        class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(4, 1));
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss();

            (float Loss, float Accuracy) Step(Tensor x, Tensor y)
            {
                var output = model.forward(x).squeeze(-1);
                var loss = criterion.forward(output, y);
                var correct = (torch.sigmoid(output) > 0.5).to_type(ScalarType.Float32).eq(y).sum();
                Console.WriteLine(torch.sigmoid(output).mean().item<float>());
                return (loss.item<float>(), correct.item<float>() / y.shape[0]);
            }

            Tensor Predict(Tensor x) => torch.sigmoid(model.forward(x));
        }
        """);

    [Fact]
    public Task Sigmoid_in_forward_in_another_file_is_unwrapped_and_the_BCELoss_field_retyped() => Verify(
        new[]
        {
            Usings + """
            public sealed class EventDetector : Module<Tensor, Tensor>
            {
                private readonly Linear hidden = Linear(16, 32);
                private readonly Linear head = Linear(32, 1);

                public EventDetector() : base(nameof(EventDetector)) { RegisterComponents(); }

                public override Tensor forward(Tensor input)
                {
                    var h = functional.relu(hidden.forward(input));
                    return torch.sigmoid(head.forward(h));
                }
            }
            """,
            Usings + """
            public sealed class Training
            {
                private readonly EventDetector model = new();
                private readonly BCELoss criterion = BCELoss();

                public float Step(Tensor batch, Tensor labels)
                {
                    var predictions = model.call(batch).squeeze(-1);
                    var loss = criterion.forward({|LOSS001:predictions|}, labels);
                    return loss.item<float>();
                }

                public Tensor Detect(Tensor batch) => model.call(batch) > 0.5;
            }
            """,
        },
        new[]
        {
            Usings + """
            public sealed class EventDetector : Module<Tensor, Tensor>
            {
                private readonly Linear hidden = Linear(16, 32);
                private readonly Linear head = Linear(32, 1);

                public EventDetector() : base(nameof(EventDetector)) { RegisterComponents(); }

                public override Tensor forward(Tensor input)
                {
                    var h = functional.relu(hidden.forward(input));
                    return head.forward(h);
                }
            }
            """,
            Usings + """
            public sealed class Training
            {
                private readonly EventDetector model = new();
                private readonly BCEWithLogitsLoss criterion = BCEWithLogitsLoss();

                public float Step(Tensor batch, Tensor labels)
                {
                    var predictions = model.call(batch).squeeze(-1);
                    var loss = criterion.forward(predictions, labels);
                    return loss.item<float>();
                }

                public Tensor Detect(Tensor batch) => torch.sigmoid(model.call(batch)) > 0.5;
            }
            """,
        });

    [Fact]
    public Task Training_and_validation_calls_of_one_loss_are_fixed_together() => Verify(
        Usings + """
        class Loop
        {
            private readonly Sequential model = Sequential(Linear(4, 1), Sigmoid());
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCELoss();

            float Train(Tensor x, Tensor y) => criterion.forward({|LOSS001:model.forward(x)|}, y).item<float>();

            float Validate(Tensor x, Tensor y)
            {
                using var _ = torch.no_grad();
                var probabilities = model.forward(x);
                return criterion.call({|LOSS001:probabilities|}, y).item<float>();
            }
        }
        """,
        Usings + """
        class Loop
        {
            private readonly Sequential model = Sequential(Linear(4, 1));
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCEWithLogitsLoss();

            float Train(Tensor x, Tensor y) => criterion.forward(model.forward(x), y).item<float>();

            float Validate(Tensor x, Tensor y)
            {
                using var _ = torch.no_grad();
                var probabilities = model.forward(x);
                return criterion.call(probabilities, y).item<float>();
            }
        }
        """);

    [Fact]
    public Task Sigmoid_module_call_is_unwrapped_and_new_BCELoss_gets_its_third_argument() => Verify(
        Usings + """
        class Trainer
        {
            Tensor Step(Linear head, Tensor x, Tensor y)
            {
                var activation = Sigmoid();
                var criterion = new BCELoss(null, Reduction.Mean);
                var p = activation.forward(head.forward(x));
                var loss = criterion.forward({|LOSS001:p|}, y);
                Console.WriteLine(p.max().item<float>());
                return loss;
            }
        }
        """,
        Usings + """
        class Trainer
        {
            Tensor Step(Linear head, Tensor x, Tensor y)
            {
                var activation = Sigmoid();
                var criterion = new BCEWithLogitsLoss(null, Reduction.Mean, null);
                var p = head.forward(x);
                var loss = criterion.forward(p, y);
                Console.WriteLine(torch.sigmoid(p).max().item<float>());
                return loss;
            }
        }
        """);

    [Fact]
    public Task Top_level_program_without_a_torch_using_gets_a_qualified_sigmoid() => new TorchCodeFixTest<LossUsageAnalyzer, Loss001CodeFix>
    {
        DisabledDiagnostics = { "LOSS002", "LOSS003", "LOSS004", "LOSS005", "LOSS012" },
        TestState =
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            Sources =
            {
                """
                using System;
                using static TorchSharp.torch.nn;

                var model = Sequential(Linear(4, 1), Sigmoid());
                var x = TorchSharp.torch.randn(8, 4);
                var y = TorchSharp.torch.ones(8, 1);
                var output = model.forward(x);
                var loss = BCELoss().forward({|LOSS001:output|}, y);
                Console.WriteLine($"{loss.item<float>()} {output.mean().item<float>()}");
                """,
            },
        },
        FixedState =
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            Sources =
            {
                """
                using System;
                using static TorchSharp.torch.nn;

                var model = Sequential(Linear(4, 1));
                var x = TorchSharp.torch.randn(8, 4);
                var y = TorchSharp.torch.ones(8, 1);
                var output = model.forward(x);
                var loss = BCEWithLogitsLoss().forward(output, y);
                Console.WriteLine($"{loss.item<float>()} {TorchSharp.torch.sigmoid(output).mean().item<float>()}");
                """,
            },
        },
    }.RunAsync();

    [Fact]
    public Task Unwrapped_operands_keep_their_meaning_and_reassigned_outputs_are_followed() => Verify(
        Usings + """
        class Trainer
        {
            Tensor Step(Tensor x, Tensor y, Tensor bias)
            {
                var criterion = BCELoss();
                var output = torch.sigmoid(x * 2 + bias);
                output = output.view(-1);
                var loss = criterion.forward({|LOSS001:output|}, y);
                var predicted = output.ge(0.5);
                return loss + predicted.sum();
            }
        }
        """,
        Usings + """
        class Trainer
        {
            Tensor Step(Tensor x, Tensor y, Tensor bias)
            {
                var criterion = BCEWithLogitsLoss();
                var output = x * 2 + bias;
                output = output.view(-1);
                var loss = criterion.forward(output, y);
                var predicted = torch.sigmoid(output).ge(0.5);
                return loss + predicted.sum();
            }
        }
        """);

    [Fact]
    public Task A_factory_method_model_and_inline_receiver() => Verify(
        Usings + """
        static class Models
        {
            public static Sequential Build() => Sequential(Linear(4, 16), ReLU(), Linear(16, 1), Sigmoid());
        }

        class Trainer
        {
            private readonly Sequential model = Models.Build();

            Tensor Step(Tensor x, Tensor y) => BCELoss().forward({|LOSS001:model.call(x).reshape(-1)|}, y.reshape(-1));
        }
        """,
        Usings + """
        static class Models
        {
            public static Sequential Build() => Sequential(Linear(4, 16), ReLU(), Linear(16, 1));
        }

        class Trainer
        {
            private readonly Sequential model = Models.Build();

            Tensor Step(Tensor x, Tensor y) => BCEWithLogitsLoss().forward(model.call(x).reshape(-1), y.reshape(-1));
        }
        """);

    [Fact]
    public Task Fix_all_handles_two_models_and_losses_in_two_files() => Verify(
        new[]
        {
            Usings + """
            class First
            {
                Tensor Step(Tensor x, Tensor y)
                {
                    var model = Sequential(Linear(4, 1), Sigmoid());
                    return BCELoss().forward({|LOSS001:model.forward(x)|}, y);
                }
            }
            """,
            Usings + """
            class Second
            {
                Tensor Step(Tensor logits, Tensor y) =>
                    functional.binary_cross_entropy({|LOSS001:functional.sigmoid(logits)|}, y) +
                    functional.binary_cross_entropy({|LOSS001:torch.sigmoid(logits * 0.5)|}, y);
            }
            """,
        },
        new[]
        {
            Usings + """
            class First
            {
                Tensor Step(Tensor x, Tensor y)
                {
                    var model = Sequential(Linear(4, 1));
                    return BCEWithLogitsLoss().forward(model.forward(x), y);
                }
            }
            """,
            Usings + """
            class Second
            {
                Tensor Step(Tensor logits, Tensor y) =>
                    functional.binary_cross_entropy_with_logits(logits, y) +
                    functional.binary_cross_entropy_with_logits(logits * 0.5, y);
            }
            """,
        });

    // No fix where it cannot be applied safely.

    [Fact]
    public Task No_fix_when_the_loss_is_also_handed_to_other_code() => VerifyNoFix(Usings + """
        class Trainer
        {
            Tensor Step(Tensor logits, Tensor y)
            {
                var criterion = BCELoss();
                Log(criterion);
                return criterion.forward({|LOSS001:torch.sigmoid(logits)|}, y);
            }

            static void Log(Loss<Tensor, Tensor, Tensor> loss) => Console.WriteLine(loss.GetName());
        }
        """);

    [Fact]
    public Task No_fix_when_the_model_is_handed_to_code_that_sees_only_a_Module() => VerifyNoFix(Usings + """
        class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(4, 1), Sigmoid());

            Tensor Step(Tensor x, Tensor y)
            {
                Evaluate(model, x);
                return BCELoss().forward({|LOSS001:model.forward(x)|}, y);
            }

            static Tensor Evaluate(Module<Tensor, Tensor> m, Tensor x) => m.forward(x) > 0.5;
        }
        """);

    [Fact]
    public Task No_fix_when_another_call_of_the_same_loss_does_not_get_sigmoid_probabilities() => VerifyNoFix(Usings + """
        class Trainer
        {
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCELoss();

            Tensor Step(Tensor logits, Tensor y) => criterion.forward({|LOSS001:torch.sigmoid(logits)|}, y);

            Tensor Calibrated(Tensor probabilities, Tensor y) => criterion.forward(probabilities, y);
        }
        """);

    [Fact]
    public Task No_fix_when_the_model_is_used_from_another_project()
    {
        var test = new TorchCodeFixTest<LossUsageAnalyzer, Loss001CodeFix>().Only("LOSS001");
        const string model = Usings + """
            public sealed class Detector : Module<Tensor, Tensor>
            {
                private readonly Linear head = Linear(4, 1);
                public Detector() : base("detector") { RegisterComponents(); }
                public override Tensor forward(Tensor x) => torch.sigmoid(head.forward(x));
            }

            public static class Training
            {
                public static Tensor Step(Detector model, Tensor x, Tensor y) => BCELoss().forward({|LOSS001:model.forward(x)|}, y);
            }
            """;
        const string app = Usings + """
            public static class App
            {
                public static Tensor Alarm(Detector model, Tensor x) => model.forward(x) > 0.9;
            }
            """;
        test.TestState.Sources.Add(model);
        test.TestState.AdditionalProjects["App"].Sources.Add(app);
        test.TestState.AdditionalProjects["App"].AdditionalProjectReferences.Add("TestProject");
        test.TestState.AdditionalProjects["App"].AdditionalReferences.AddRange(References.All);
        test.FixedState.Sources.Add(model);
        test.FixedState.AdditionalProjects["App"].Sources.Add(app);
        test.FixedState.AdditionalProjects["App"].AdditionalProjectReferences.Add("TestProject");
        test.FixedState.AdditionalProjects["App"].AdditionalReferences.AddRange(References.All);
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }

    [Fact]
    public Task No_fix_when_the_model_is_not_the_last_part_of_a_larger_Sequential() => VerifyNoFix(Usings + """
        class Trainer
        {
            Tensor Step(Tensor x, Tensor y)
            {
                var body = Sequential(Linear(4, 2), Sigmoid());
                var stacked = Sequential(("body", body), ("head", Linear(2, 1)));
                Console.WriteLine(stacked.forward(x));
                return BCELoss().forward({|LOSS001:body.forward(x)|}, y);
            }
        }
        """);

    [Fact]
    public Task No_fix_for_an_in_place_sigmoid_on_a_variable() => VerifyNoFix(Usings + """
        class Trainer
        {
            Tensor Step(Tensor logits, Tensor y)
            {
                var loss = BCELoss().forward({|LOSS001:logits.sigmoid_()|}, y);
                Console.WriteLine(logits.mean().item<float>());
                return loss;
            }
        }
        """);

    [Theory]
    [InlineData("private Loss<Tensor, Tensor, Tensor> Criterion => BCELoss();", "private Loss<Tensor, Tensor, Tensor> Criterion => BCEWithLogitsLoss();")]
    [InlineData("private Loss<Tensor, Tensor, Tensor> Criterion { get; } = BCELoss().to(torch.CPU);", "private Loss<Tensor, Tensor, Tensor> Criterion { get; } = BCEWithLogitsLoss().to(torch.CPU);")]
    [InlineData("private BCELoss Criterion => BCELoss(reduction: Reduction.Sum).cpu();", "private BCEWithLogitsLoss Criterion => BCEWithLogitsLoss(reduction: Reduction.Sum).cpu();")]
    public Task Fix_converts_a_loss_held_by_a_computed_property_or_moved_to_a_device(string member, string fixedMember) => Verify(
        Usings + $$"""
        sealed class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(4, 1), Sigmoid());
            {{member}}
            public Tensor Step(Tensor x, Tensor y) => Criterion.forward({|LOSS001:model.forward(x)|}, y);
        }
        """,
        Usings + $$"""
        sealed class Trainer
        {
            private readonly Module<Tensor, Tensor> model = Sequential(Linear(4, 1));
            {{fixedMember}}
            public Tensor Step(Tensor x, Tensor y) => Criterion.forward(model.forward(x), y);
        }
        """);

    [Fact]
    public Task Fix_removes_the_sigmoid_in_a_helper_and_wraps_its_other_callers() => Verify(
        Usings + """
        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);
            private Tensor Predict(Tensor x) => torch.sigmoid(head.forward(x));
            public Tensor Step(Tensor x, Tensor y) => BCELoss().forward({|LOSS001:Predict(x)|}, y);
            public Tensor Accuracy(Tensor x, Tensor y) => (Predict(x) > 0.5).to_type(ScalarType.Float32).eq(y).mean();
        }
        """,
        Usings + """
        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);
            private Tensor Predict(Tensor x) => head.forward(x);
            public Tensor Step(Tensor x, Tensor y) => BCEWithLogitsLoss().forward(Predict(x), y);
            public Tensor Accuracy(Tensor x, Tensor y) => (torch.sigmoid(Predict(x)) > 0.5).to_type(ScalarType.Float32).eq(y).mean();
        }
        """);

    [Fact]
    public Task Fix_removes_the_sigmoid_at_the_call_site_that_passes_it_to_a_loss_helper() => Verify(
        Usings + """
        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);
            private static Tensor Loss(Tensor probabilities, Tensor y) => BCELoss().forward({|LOSS001:probabilities|}, y);
            public Tensor Step(Tensor x, Tensor y) => Loss(torch.sigmoid(head.forward(x)), y);
            public Tensor Other(Tensor x, Tensor y) => Loss(head.forward(x).sigmoid(), y);
        }
        """,
        Usings + """
        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);
            private static Tensor Loss(Tensor probabilities, Tensor y) => BCEWithLogitsLoss().forward(probabilities, y);
            public Tensor Step(Tensor x, Tensor y) => Loss(head.forward(x), y);
            public Tensor Other(Tensor x, Tensor y) => Loss(head.forward(x), y);
        }
        """);

    [Fact]
    public Task Fix_wraps_the_argument_to_a_helper_that_other_callers_use_with_other_values() => Verify(
        Usings + """
        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);
            private static void Log(Tensor t) => Console.WriteLine(t.mean().item<float>());
            public Tensor Step(Tensor x, Tensor y)
            {
                var p = torch.sigmoid(head.forward(x));
                Log(p);
                return BCELoss().forward({|LOSS001:p|}, y);
            }

            public void Other(Tensor x) => Log(x);
        }
        """,
        Usings + """
        sealed class Trainer
        {
            private readonly Linear head = Linear(4, 1);
            private static void Log(Tensor t) => Console.WriteLine(t.mean().item<float>());
            public Tensor Step(Tensor x, Tensor y)
            {
                var p = head.forward(x);
                Log(torch.sigmoid(p));
                return BCEWithLogitsLoss().forward(p, y);
            }

            public void Other(Tensor x) => Log(x);
        }
        """);
}
