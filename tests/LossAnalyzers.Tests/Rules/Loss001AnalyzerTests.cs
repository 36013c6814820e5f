using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS001 is reported on the loss input in every idiom of the spec, and nowhere else.</summary>
public sealed class Loss001AnalyzerTests
{
    private const string Usings = """
        using System;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        """;

    private static Task Verify(params string[] sources)
    {
        var test = new TorchAnalyzerTest<LossUsageAnalyzer>().Only("LOSS001");
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        return test.RunAsync();
    }

    private static Task VerifyInMethod(string body, string members = "") => Verify(Usings + $$"""
        class Trainer
        {
            {{members}}
            void Step(Tensor x, Tensor y, Tensor logits)
            {
                {{body}}
            }
        }
        """);

    [Theory]
    [InlineData("var loss = BCELoss().forward({|LOSS001:torch.sigmoid(logits)|}, y);")]
    [InlineData("var loss = nn.BCELoss().call({|LOSS001:logits.sigmoid()|}, y);")]
    [InlineData("var loss = torch.nn.BCELoss(reduction: Reduction.Sum).forward({|LOSS001:functional.sigmoid(logits)|}, y);")]
    [InlineData("var loss = functional.binary_cross_entropy({|LOSS001:torch.sigmoid(logits)|}, y);")]
    [InlineData("var loss = torch.nn.functional.binary_cross_entropy(target: y, input: {|LOSS001:Sigmoid().forward(logits)|});")]
    [InlineData("var act = Sigmoid(); var loss = BCELoss().forward({|LOSS001:act.call(logits)|}, y);")]
    [InlineData("var criterion = new BCELoss(null, Reduction.Mean); var loss = criterion.forward({|LOSS001:logits.sigmoid_()|}, y);")]
    [InlineData("using var criterion = BCELoss(); var p = torch.sigmoid(logits); var loss = criterion.forward({|LOSS001:p|}, y);")]
    [InlineData("Loss<Tensor, Tensor, Tensor> criterion = BCELoss(); var p = torch.sigmoid(logits); p = p.view(-1); var loss = criterion.forward({|LOSS001:p|}, y);")]
    [InlineData("WeightedLoss<Tensor, Tensor, Tensor> criterion = BCELoss(); var loss = criterion.forward({|LOSS001:torch.sigmoid(logits).squeeze(-1).to_type(ScalarType.Float32)|}, y);")]
    public Task Inline_sigmoid_forms(string body) => VerifyInMethod(body);

    [Theory]
    [InlineData("""Sequential(("fc", Linear(4, 1)), ("sigmoid", Sigmoid()))""")]
    [InlineData("Sequential(Linear(4, 8), ReLU(), Linear(8, 1), Sigmoid())")]
    public Task Sequential_ending_in_sigmoid(string sequential) => VerifyInMethod($$"""
        var model = {{sequential}};
        var criterion = BCELoss();
        var output = model.forward(x);
        var loss = criterion.forward({|LOSS001:output|}, y);
        """);

    [Fact]
    public Task User_module_in_another_file_with_fields_for_model_and_loss() => Verify(
        Usings + """
        public sealed class EventDetector : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> hidden = Linear(16, 32);
            private readonly Module<Tensor, Tensor> head = Linear(32, 1);

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
            private readonly Loss<Tensor, Tensor, Tensor> criterion = BCELoss();

            public float Step(Tensor batch, Tensor labels)
            {
                var predictions = model.call(batch).squeeze(-1);
                var loss = criterion.forward({|LOSS001:predictions|}, labels);
                return loss.item<float>();
            }
        }
        """);

    [Fact]
    public Task Top_level_program() => new TorchAnalyzerTest<LossUsageAnalyzer>
    {
        DisabledDiagnostics = { "LOSS012" },
        TestState =
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            Sources =
            {
                Usings + """
                var model = Sequential(Linear(4, 1), Sigmoid());
                var criterion = BCELoss();
                var x = torch.randn(8, 4);
                var y = torch.ones(8, 1);
                var loss = criterion.forward({|LOSS001:model.forward(x)|}, y);
                Console.WriteLine(loss.item<float>());
                """,
            },
        },
    }.RunAsync();

    [Fact]
    public Task The_message_points_at_the_layer_that_applies_the_sigmoid() => VerifyMessage(
        """
        class Trainer
        {
            readonly Module<Tensor, Tensor> model = Sequential(Linear(4, 1), Sigmoid());
            Tensor Step(Tensor x, Tensor y) => BCELoss().forward({|#0:model.forward(x)|}, y);
        }
        """,
        "model.forward(x)", "BCELoss", "the sigmoid is the last layer of a Sequential, 'Sigmoid()' at Test0.cs line 8", "BCEWithLogitsLoss");

    [Fact]
    public Task The_message_says_what_why_and_fix() => VerifyMessage(
        """
        class Trainer
        {
            Tensor Step(Tensor logits, Tensor y) => BCELoss().forward({|#0:torch.sigmoid(logits)|}, y);
        }
        """,
        "torch.sigmoid(logits)", "BCELoss", "the sigmoid is applied inline", "BCEWithLogitsLoss");

    private static Task VerifyMessage(string source, params object[] arguments)
    {
        var test = new TorchAnalyzerTest<LossUsageAnalyzer>().Only("LOSS001");
        test.TestState.Sources.Add(Usings + source);
        test.TestState.ExpectedDiagnostics.Add(
            new DiagnosticResult("LOSS001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithArguments(arguments));
        return test.RunAsync();
    }

    // Not findings.

    [Theory]
    [InlineData("var loss = BCEWithLogitsLoss().forward(logits, y); var accuracy = (torch.sigmoid(logits) > 0.5).to_type(ScalarType.Float32).mean();")]
    [InlineData("var probabilities = torch.sigmoid(logits); var loss = BCELoss().forward(x, y); var report = probabilities.mean();")]
    [InlineData("var loss = BCELoss().forward(x, y);")]
    [InlineData("var loss = BCELoss().forward(torch.sigmoid(logits).clamp(1e-6, 1 - 1e-6), y);")]
    [InlineData("var p = x.numel() > 3 ? torch.sigmoid(logits) : logits; var loss = BCELoss().forward(p, y);")]
    [InlineData("var p = torch.sigmoid(logits); p = x; var loss = BCELoss().forward(p, y);")]
    [InlineData("var loss = MSELoss().forward(torch.sigmoid(logits), y);")]
    [InlineData("var loss = BCELoss().forward(torch.softmax(logits, 1), y);")]
    [InlineData("var gate = torch.sigmoid(logits); var gated = x * gate; var loss = BCEWithLogitsLoss().forward(gated, y);")]
    [InlineData("var model = Sequential(Linear(4, 8), Sigmoid(), Linear(8, 1)); var loss = BCELoss().forward(model.forward(x), y);")]
    [InlineData("var loss = functional.binary_cross_entropy_with_logits(logits, y);")]
    public Task Correct_or_unknown_code_is_not_reported(string body) => VerifyInMethod(body);

    [Fact]
    public Task A_module_whose_forward_returns_sigmoid_on_one_path_only_is_not_reported() => Verify(Usings + """
        public sealed class Head : Module<Tensor, Tensor>
        {
            private readonly Linear fc = Linear(4, 1);
            public bool Probabilities { get; set; }
            public Head() : base("head") { RegisterComponents(); }
            public override Tensor forward(Tensor x)
            {
                var z = fc.forward(x);
                return Probabilities ? torch.sigmoid(z) : z;
            }
        }

        class Trainer
        {
            Tensor Step(Head head, Tensor x, Tensor y) => BCELoss().forward(head.forward(x), y);
        }
        """);

    [Fact]
    public Task User_types_named_like_TorchSharp_are_not_reported() => Verify("""
        namespace MyLib
        {
            public sealed class Tensor { }
            public static class torch { public static Tensor sigmoid(Tensor t) => t; }
            public sealed class BCELoss { public Tensor forward(Tensor input, Tensor target) => input; }
            public static class functional { public static Tensor binary_cross_entropy(Tensor input, Tensor target) => input; }

            static class Use
            {
                static void Run(Tensor x, Tensor y)
                {
                    new BCELoss().forward(torch.sigmoid(x), y);
                    functional.binary_cross_entropy(torch.sigmoid(x), y);
                }
            }
        }
        """);

    [Fact]
    public Task A_user_loss_module_named_BCELoss_deriving_from_TorchSharp_is_not_reported() => Verify(Usings + """
        namespace Mine
        {
            public sealed class BCELoss : Module<Tensor, Tensor, Tensor>
            {
                public BCELoss() : base("mine") { }
                public override Tensor forward(Tensor input, Tensor target) => (input - target).abs().mean();
            }

            class Trainer
            {
                Tensor Step(Tensor logits, Tensor y) => new BCELoss().forward(torch.sigmoid(logits), y);
            }
        }
        """);

    [Fact]
    public Task A_project_without_TorchSharp_gets_nothing()
    {
        var test = new TorchAnalyzerTest<LossUsageAnalyzer>(withTorchSharp: false);
        test.TestState.Sources.Add("""
            namespace TorchSharp
            {
                public static class torch
                {
                    public sealed class Tensor { }
                    public static Tensor sigmoid(Tensor t) => t;
                    public static class nn
                    {
                        public static BCELoss BCELoss() => new BCELoss();
                    }
                }
                public sealed class BCELoss { public torch.Tensor forward(torch.Tensor a, torch.Tensor b) => a; }
                static class Use
                {
                    static void Run(torch.Tensor x, torch.Tensor y) => torch.nn.BCELoss().forward(torch.sigmoid(x), y);
                }
            }
            """);
        return test.RunAsync();
    }

    [Fact]
    public Task A_loss_received_as_a_parameter_is_not_reported() => VerifyInMethod(
        "var p = torch.sigmoid(logits); Train(BCEWithLogitsLoss(), p);",
        "static Tensor Train(Loss<Tensor, Tensor, Tensor> criterion, Tensor p) => criterion.forward(p, p);");
}
