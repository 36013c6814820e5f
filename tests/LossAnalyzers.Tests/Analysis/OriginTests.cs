using LossAnalyzers.Analysis;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Analysis;

/// <summary>The "where a tensor came from" analysis on every form the spec lists.</summary>
public sealed class OriginTests
{
    private const string Usings = """
        using System;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;
        """;

    private static TensorOrigin OriginIn(string body, string members = "") => TestCompilation.Origin(Usings + $$"""

        class C
        {
            {{members}}
            void M(Tensor x, Tensor y)
            {
                {{body}}
            }
        }
        """);

    [Theory]
    [InlineData("Probe.Origin(torch.sigmoid(x));")]
    [InlineData("Probe.Origin(sigmoid(x));")]
    [InlineData("Probe.Origin(x.sigmoid());")]
    [InlineData("Probe.Origin(x.sigmoid_());")]
    [InlineData("Probe.Origin(functional.sigmoid(x));")]
    [InlineData("Probe.Origin(torch.nn.functional.sigmoid(x));")]
    [InlineData("Probe.Origin(torch.special.expit(x));")]
    [InlineData("Probe.Origin(Sigmoid().forward(x));")]
    [InlineData("Probe.Origin(nn.Sigmoid().call(x));")]
    [InlineData("var s = Sigmoid(); Probe.Origin(s.forward(x));")]
    public void Inline_sigmoid_forms_are_sigmoid_probabilities(string body)
    {
        var origin = OriginIn(body);
        Assert.Equal(OriginKind.SigmoidProbabilities, origin.Kind);
        var site = Assert.Single(origin.Sites);
        Assert.Equal(SiteKind.UnwrapCall, site.Kind);
        Assert.Equal("x", site.Kept!.ToString());
    }

    [Theory]
    [InlineData("Probe.Origin(torch.softmax(x, 1));", "SoftmaxProbabilities")]
    [InlineData("Probe.Origin(x.softmax(-1));", "SoftmaxProbabilities")]
    [InlineData("Probe.Origin(functional.softmax(x, 1));", "SoftmaxProbabilities")]
    [InlineData("Probe.Origin(Softmax(1).forward(x));", "SoftmaxProbabilities")]
    [InlineData("Probe.Origin(functional.log_softmax(x, 1));", "LogProbabilities")]
    [InlineData("Probe.Origin(x.log_softmax(1));", "LogProbabilities")]
    [InlineData("Probe.Origin(LogSoftmax(1).call(x));", "LogProbabilities")]
    [InlineData("Probe.Origin(Linear(8, 3).forward(x));", "Logits")]
    public void Activation_and_linear_forms(string body, string expected)
    {
        Assert.Equal(Enum.Parse<OriginKind>(expected), OriginIn(body).Kind);
    }

    [Fact]
    public void Linear_gives_its_constant_output_width()
    {
        const string members = "const int Classes = 5; readonly Module<Tensor, Tensor> head = Linear(16, Classes);";
        var origin = OriginIn("Probe.Origin(head.forward(x));", members);
        Assert.Equal(OriginKind.Logits, origin.Kind);
        Assert.Equal(5, origin.Width);
        Assert.False(origin.SingleLabel);
    }

    [Theory]
    [InlineData("""Sequential(("fc", Linear(8, 1)), ("sig", Sigmoid()))""")]
    [InlineData("Sequential(Linear(8, 1), Sigmoid())")]
    [InlineData("Sequential(Linear(8, 4), ReLU(), Linear(4, 1), Sigmoid())")]
    [InlineData("""nn.Sequential(("fc", Linear(8, 1)), ("drop", Identity()), ("sig", Sigmoid()))""")]
    public void Sequential_ending_in_sigmoid_is_sigmoid_probabilities(string sequential)
    {
        var origin = OriginIn($"var model = {sequential}; Probe.Origin(model.forward(x));");
        Assert.Equal(OriginKind.SigmoidProbabilities, origin.Kind);
        Assert.Equal(1, origin.Width);
        var site = Assert.Single(origin.Sites);
        Assert.Equal(SiteKind.SequentialElement, site.Kind);
        Assert.Contains("Sigmoid()", site.Node.ToString());
    }

    [Theory]
    [InlineData("Sequential(Linear(8, 4), Sigmoid(), Linear(4, 2))", "Logits", 2L)]
    [InlineData("""Sequential(("fc", Linear(8, 3)), ("sm", Softmax(1)))""", "SoftmaxProbabilities", 3L)]
    [InlineData("Sequential(Linear(8, 3), LogSoftmax(1))", "LogProbabilities", 3L)]
    [InlineData("Sequential(Linear(8, 1), ReLU())", "Unknown", 1L)]
    public void Sequential_is_classified_by_its_last_element(string sequential, string kind, long width)
    {
        var origin = OriginIn($"var model = {sequential}; Probe.Origin(model.call(x));");
        Assert.Equal(Enum.Parse<OriginKind>(kind), origin.Kind);
        Assert.Equal(width, origin.Width);
    }

    [Fact]
    public void User_module_with_forward_in_another_file_is_classified_by_what_forward_returns()
    {
        const string model = Usings + """

            public sealed class Net : Module<Tensor, Tensor>
            {
                private readonly Module<Tensor, Tensor> fc1 = Linear(10, 32);
                private readonly Module<Tensor, Tensor> fc2 = Linear(32, 1);

                public Net() : base(nameof(Net)) { RegisterComponents(); }

                public override Tensor forward(Tensor input)
                {
                    var x = functional.relu(fc1.forward(input));
                    x = fc2.forward(x);
                    return torch.sigmoid(x);
                }
            }
            """;
        const string training = Usings + """

            static class Training
            {
                static void Step(Tensor batch)
                {
                    var model = new Net();
                    Probe.Origin(model.forward(batch));
                }
            }
            """;

        var origin = TestCompilation.Origin(model, training);
        Assert.Equal(OriginKind.SigmoidProbabilities, origin.Kind);
        Assert.Equal(1, origin.Width);
        var site = Assert.Single(origin.Sites);
        Assert.Equal("torch.sigmoid(x)", site.Node.ToString());
        Assert.Equal("File0.cs", site.Node.SyntaxTree.FilePath);
    }

    [Fact]
    public void Forward_inherited_from_a_base_class_decides()
    {
        const string source = Usings + """

            public abstract class Base : Module<Tensor, Tensor>
            {
                protected readonly Sigmoid activation = Sigmoid();
                protected readonly Linear head = Linear(4, 1);
                protected Base() : base("base") { }
                public override Tensor forward(Tensor x) => activation.forward(head.forward(x));
            }

            public sealed class Derived : Base { }

            static class Use
            {
                static void Run(Derived model, Tensor x) => Probe.Origin(model.call(x));
            }
            """;

        var origin = TestCompilation.Origin(source);
        Assert.Equal(OriginKind.SigmoidProbabilities, origin.Kind);
        Assert.Equal(1, origin.Width);
        Assert.Equal(SiteKind.UnwrapCall, Assert.Single(origin.Sites).Kind);
    }

    [Fact]
    public void Every_return_path_of_forward_must_agree()
    {
        const string source = Usings + """

            public sealed class Gate : Module<Tensor, Tensor>
            {
                private readonly bool logits;
                public Gate(bool logits) : base("gate") { this.logits = logits; }
                public override Tensor forward(Tensor x)
                {
                    if (logits) return x;
                    return torch.sigmoid(x);
                }
            }

            static class Use
            {
                static void Run(Tensor x) => Probe.Origin(new Gate(true).forward(x));
            }
            """;

        Assert.Equal(OriginKind.Unknown, TestCompilation.Origin(source).Kind);
    }

    [Fact]
    public void Factory_methods_and_properties_holding_modules_are_followed()
    {
        const string source = Usings + """

            static class Models
            {
                public static Sequential Build(int hidden)
                {
                    if (hidden > 0)
                        return Sequential(Linear(8, hidden), ReLU(), Linear(hidden, 1), Sigmoid());
                    return Sequential(Linear(8, 1), Sigmoid());
                }
            }

            class Trainer
            {
                public Module<Tensor, Tensor> Model { get; } = Models.Build(16);

                void Step(Tensor x) => Probe.Origin(Model.forward(x));
            }
            """;

        var origin = TestCompilation.Origin(source);
        Assert.Equal(OriginKind.SigmoidProbabilities, origin.Kind);
        Assert.Equal(1, origin.Width);
        Assert.Equal(2, origin.Sites.Length);
    }

    [Fact]
    public void A_parameter_declared_as_a_user_module_class_is_classified_by_its_forward()
    {
        const string source = Usings + """

            public sealed class Classifier : Module<Tensor, Tensor>
            {
                private readonly Module<Tensor, Tensor> layers = Sequential(Linear(8, 3), Softmax(1));
                public Classifier() : base("c") { RegisterComponents(); }
                public override Tensor forward(Tensor x) => layers.forward(x);
            }

            static class Use
            {
                static void Run(Classifier model, Tensor x) => Probe.Origin(model.forward(x));
            }
            """;

        var origin = TestCompilation.Origin(source);
        Assert.Equal(OriginKind.SoftmaxProbabilities, origin.Kind);
        Assert.Equal(3, origin.Width);
    }

    [Theory]
    [InlineData("var p = torch.sigmoid(x); p = p.view(-1); Probe.Origin(p);")]
    [InlineData("var p = torch.sigmoid(x); p = p.squeeze(-1).to_type(ScalarType.Float32); Probe.Origin(p);")]
    [InlineData("Tensor p; p = x.sigmoid(); Probe.Origin(p);")]
    [InlineData("using var p = torch.sigmoid(x); Probe.Origin(p);")]
    [InlineData("var p = torch.sigmoid(x); for (int i = 0; i < 3; i++) { p = p.clone(); } Probe.Origin(p);")]
    [InlineData("var p = torch.sigmoid(x); if (x.numel() > 3) { p = p.detach(); } Probe.Origin(p);")]
    [InlineData("var p = torch.sigmoid(x); Func<Tensor> f = () => p.cpu(); Probe.Origin(f());")]
    [InlineData("using var scope = NewDisposeScope(); var p = torch.sigmoid(x).MoveToOuterDisposeScope(); Probe.Origin(p);")]
    public void Locals_follow_their_reaching_definitions(string body)
    {
        Assert.Equal(OriginKind.SigmoidProbabilities, OriginIn(body.Replace("Probe.Origin(f());", "Probe.Origin(p);")).Kind);
    }

    [Theory]
    [InlineData("var p = torch.sigmoid(x); if (x.numel() > 3) { p = x; } Probe.Origin(p);")]
    [InlineData("var p = torch.sigmoid(x); p = y; Probe.Origin(p);")]
    [InlineData("var p = x; Probe.Origin(p);")]
    [InlineData("var p = torch.sigmoid(x); Reset(ref p); Probe.Origin(p);")]
    [InlineData("var p = torch.sigmoid(x); Action a = () => p = y; a(); Probe.Origin(p);")]
    [InlineData("var p = torch.sigmoid(x); for (int i = 0; i < 3; i++) { Probe.Origin(p); p = y; }")]
    [InlineData("Probe.Origin(torch.sigmoid(x).clamp(1e-7, 1 - 1e-7));")]
    [InlineData("Probe.Origin(torch.sigmoid(x) * 2);")]
    [InlineData("Probe.Origin(Overridable(x));")]
    public void Unknown_stays_unknown(string body)
    {
        const string members = "static void Reset(ref Tensor t) { } protected virtual Tensor Overridable(Tensor t) => torch.sigmoid(t);";
        Assert.Equal(OriginKind.Unknown, OriginIn(body, members).Kind);
    }

    [Fact]
    public void The_definition_before_a_self_reassignment_is_the_one_that_reaches_it()
    {
        var origin = OriginIn("var p = Linear(4, 1).forward(x); p = p.sigmoid(); p = p.view(-1); Probe.Origin(p);");
        Assert.Equal(OriginKind.SigmoidProbabilities, origin.Kind);
        Assert.True(origin.SingleLabel);
    }

    [Fact]
    public void Fields_assigned_in_the_constructor_and_agreeing_assignments_are_followed()
    {
        const string members = """
            private Module<Tensor, Tensor> model;
            private Tensor last = torch.zeros(1);
            C(bool deep)
            {
                if (deep) model = Sequential(Linear(4, 8), ReLU(), Linear(8, 1), Sigmoid());
                else model = Sequential(Linear(4, 1), Sigmoid());
            }
            void Other(Tensor x) { last = x; }
            """;
        var origin = OriginIn("Probe.Origin(model.forward(x));", members);
        Assert.Equal(OriginKind.SigmoidProbabilities, origin.Kind);
        Assert.Equal(2, origin.Sites.Length);
        Assert.Equal(OriginKind.Unknown, OriginIn("Probe.Origin(last);", members).Kind);
    }

    [Fact]
    public void Fields_with_disagreeing_assignments_are_unknown()
    {
        const string members = """
            private Module<Tensor, Tensor> model = Sequential(Linear(4, 1), Sigmoid());
            void Swap() { model = Linear(4, 1); }
            """;
        Assert.Equal(OriginKind.Unknown, OriginIn("Probe.Origin(model.forward(x));", members).Kind);
    }

    [Fact]
    public void A_field_assigned_from_itself_does_not_loop()
    {
        const string members = """
            private Module<Tensor, Tensor> model = Sequential(Linear(4, 1), Sigmoid());
            void Move() { model = model.to(torch.CPU); }
            """;
        Assert.Equal(OriginKind.SigmoidProbabilities, OriginIn("Probe.Origin(model.forward(x));", members).Kind);
    }

    [Theory]
    [InlineData("Probe.Origin(head.forward(x).squeeze(-1));")]
    [InlineData("Probe.Origin(head.forward(x).squeeze(1));")]
    [InlineData("Probe.Origin(head.forward(x).squeeze());")]
    [InlineData("Probe.Origin(head.forward(x).view(-1));")]
    [InlineData("Probe.Origin(head.forward(x).reshape(-1));")]
    [InlineData("Probe.Origin(head.forward(x).flatten());")]
    [InlineData("Probe.Origin(wide.forward(x)[.., 0]);")]
    [InlineData("Probe.Origin(wide.forward(x)[TensorIndex.Colon, 1]);")]
    [InlineData("Probe.Origin(wide.forward(x).select(-1, 0));")]
    public void Width_one_heads_squeezed_and_single_columns_are_single_label(string body)
    {
        const string members = "readonly Linear head = Linear(8, 1); readonly Linear wide = Linear(8, 2);";
        var origin = OriginIn(body, members);
        Assert.Equal(OriginKind.Logits, origin.Kind);
        Assert.True(origin.SingleLabel);
        Assert.Equal(1, origin.Width);
    }

    [Theory]
    [InlineData("Probe.Origin(wide.forward(x).squeeze(-1));", 3L)]
    [InlineData("Probe.Origin(wide.forward(x).to(torch.CPU).detach().contiguous());", 3L)]
    [InlineData("Probe.Origin(wide.forward(x)[0..8]);", 3L)]
    [InlineData("Probe.Origin(wide.forward(x).narrow(-1, 0, 2));", 2L)]
    [InlineData("Probe.Origin(head.forward(x).view(-1, 1));", 1L)]
    [InlineData("Probe.Origin(head.forward(x).squeeze(-1).unsqueeze(-1));", 1L)]
    public void Shape_steps_keep_or_change_the_width(string body, long width)
    {
        const string members = "readonly Linear head = Linear(8, 1); readonly Linear wide = Linear(8, 3);";
        var origin = OriginIn(body, members);
        Assert.Equal(OriginKind.Logits, origin.Kind);
        Assert.False(origin.SingleLabel);
        Assert.Equal(width, origin.Width);
    }

    [Theory]
    [InlineData("var p = torch.sigmoid(x); Probe.Origin(torch.cat(new[] { p, 1 - p }, 1));")]
    [InlineData("var p = torch.sigmoid(x); var one = torch.ones(p.shape); var q = one - p; Probe.Origin(torch.cat(new[] { p, q }, dim: 1));")]
    [InlineData("var p = torch.sigmoid(x); Probe.Origin(torch.stack(new[] { torch.ones_like(p) - p, p }, -1));")]
    [InlineData("var p = x.sigmoid(); p = torch.cat(new Tensor[] { p, 1.0 - p }, 1); Probe.Origin(p);")]
    public void Two_columns_built_from_one_sigmoid(string body)
    {
        var origin = OriginIn(body);
        Assert.Equal(OriginKind.TwoColumnFromSigmoid, origin.Kind);
        Assert.Equal(2, origin.Width);
    }

    [Theory]
    [InlineData("var p = torch.sigmoid(x); var q = torch.sigmoid(y); Probe.Origin(torch.cat(new[] { p, 1 - q }, 1));")]
    [InlineData("var p = torch.sigmoid(x); Probe.Origin(torch.cat(new[] { p, 1 - p }, 0));")]
    [InlineData("var p = torch.sigmoid(x); Probe.Origin(torch.cat(new[] { p, 2 - p }, 1));")]
    public void Two_columns_from_different_sigmoids_or_along_the_batch_are_not(string body)
    {
        Assert.NotEqual(OriginKind.TwoColumnFromSigmoid, OriginIn(body).Kind);
    }

    [Fact]
    public void User_types_named_like_TorchSharp_are_not_matched()
    {
        const string source = """
            using TorchSharp;
            namespace Fake
            {
                public static class torch { public static TorchSharp.torch.Tensor sigmoid(TorchSharp.torch.Tensor t) => t; }
                public sealed class Sigmoid : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>
                {
                    public Sigmoid() : base("fake") { }
                    public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor t) => t;
                }
                static class Use
                {
                    static void Run(TorchSharp.torch.Tensor x)
                    {
                        Probe.Origin(torch.sigmoid(x));
                        Probe.Origin(new Sigmoid().forward(x));
                        Probe.Origin(TorchSharp.torch.nn.Sequential(TorchSharp.torch.nn.Linear(4, 1), new Sigmoid()).forward(x));
                    }
                }
            }
            """;

        var origins = TestCompilation.Origins(source);
        Assert.Equal(3, origins.Length);
        Assert.All(origins, o => Assert.NotEqual(OriginKind.SigmoidProbabilities, o.Kind));
    }

    [Fact]
    public void Top_level_statements_are_analyzed()
    {
        const string source = Usings + """

            var model = Sequential(("fc", Linear(4, 1)), ("act", Sigmoid()));
            var x = torch.randn(8, 4);
            var output = model.forward(x);
            output = output.squeeze(-1);
            Probe.Origin(output);
            """;

        var origin = TestCompilation.Origin(source);
        Assert.Equal(OriginKind.SigmoidProbabilities, origin.Kind);
        Assert.True(origin.SingleLabel);
    }
}
