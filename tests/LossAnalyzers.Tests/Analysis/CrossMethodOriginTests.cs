using LossAnalyzers.Analysis;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Analysis;

/// <summary>The value-flow engine across methods: returns, parameters, delegates, tuples, records and choices.</summary>
public sealed class CrossMethodOriginTests
{
    private const string Usings = Verify.Usings;

    private static TensorOrigin OriginIn(string body, string members = "") => TestCompilation.Origin(Usings + $$"""

        static class Extensions
        {
            public static Tensor Squash(this Tensor t) => t.sigmoid();
        }

        record LstmData(Tensor Data, Tensor Hidden);

        sealed class Holder
        {
            public Holder(Tensor scores) => Scores = scores;
            public Tensor Scores { get; }
        }

        class C
        {
            private readonly Linear head = Linear(8, 1);
            {{members}}
            void M(Tensor x, Tensor y)
            {
                {{body}}
            }
        }
        """);

    [Theory]
    [InlineData("Probe.Origin(Act(head.forward(x)));", "static Tensor Act(Tensor t) => t.sigmoid();")]
    [InlineData("Probe.Origin(Predict(x));", "Tensor Predict(Tensor t) => torch.sigmoid(head.forward(t));")]
    [InlineData("Probe.Origin(Twice(x));", "Tensor Twice(Tensor t) => Predict(t); Tensor Predict(Tensor t) { var z = head.forward(t); return torch.sigmoid(z); }")]
    [InlineData("Probe.Origin(head.forward(x).Squash());", "")]
    [InlineData("Func<Tensor, Tensor> act = t => torch.sigmoid(t); Probe.Origin(act(head.forward(x)));", "")]
    [InlineData("Probe.Origin(Local(x)); Tensor Local(Tensor t) => torch.sigmoid(head.forward(t));", "")]
    [InlineData("var (logits, probs) = Both(x); Probe.Origin(probs);", "(Tensor, Tensor) Both(Tensor t) { var z = head.forward(t); return (z, torch.sigmoid(z)); }")]
    [InlineData("var both = Both(x); Probe.Origin(both.Item2);", "(Tensor Logits, Tensor Probs) Both(Tensor t) { var z = head.forward(t); return (z, torch.sigmoid(z)); }")]
    [InlineData("var both = Both(x); Probe.Origin(both.Probs);", "(Tensor Logits, Tensor Probs) Both(Tensor t) { var z = head.forward(t); return (z, torch.sigmoid(z)); }")]
    [InlineData("var data = new LstmData(torch.sigmoid(head.forward(x)), y); Probe.Origin(data.Data);", "")]
    [InlineData("Probe.Origin(new Holder(torch.sigmoid(x)).Scores);", "")]
    [InlineData("var p = x.numel() > 3 ? torch.sigmoid(x) : x.sigmoid(); Probe.Origin(p);", "")]
    [InlineData("var p = (int)x.numel() switch { 1 => torch.sigmoid(x), _ => x.sigmoid() }; Probe.Origin(p);", "")]
    public void Sigmoid_probabilities_reach_through(string body, string members)
    {
        Assert.Equal(OriginKind.SigmoidProbabilities, OriginIn(body, members).Kind);
    }

    [Fact]
    public void A_parameter_takes_the_arguments_of_every_call_site_when_they_agree()
    {
        const string members = """
            Tensor Train(Tensor p) { Probe.Origin(p); return p; }
            void A(Tensor z) => Train(torch.sigmoid(z));
            void B(Tensor z) => Train(z.sigmoid());
            """;
        Assert.Equal(OriginKind.SigmoidProbabilities, OriginIn("", members).Kind);
    }

    [Theory]
    [InlineData("Tensor Train(Tensor p) { Probe.Origin(p); return p; } void A(Tensor z) => Train(torch.sigmoid(z)); void B(Tensor z) => Train(z);")]
    [InlineData("public Tensor Train(Tensor p) { Probe.Origin(p); return p; }")]
    [InlineData("Tensor Train(Tensor p) { Probe.Origin(p); return p; } Func<Tensor, Tensor> Handed() => Train; void A(Tensor z) => Train(torch.sigmoid(z));")]
    [InlineData("protected virtual Tensor Train(Tensor p) { Probe.Origin(p); return p; } void A(Tensor z) => Train(torch.sigmoid(z));")]
    [InlineData("Tensor Act(Tensor t) => t.sigmoid(); Tensor Both(Tensor t) => Act(t) + t; void A() => Probe.Origin(Both(head.forward(torch.ones(1))));")]
    public void Unknown_where_callers_disagree_or_are_not_all_visible(string members)
    {
        Assert.Equal(OriginKind.Unknown, OriginIn("", members).Kind);
    }

    [Fact]
    public void A_helper_called_once_with_logits_and_once_with_probabilities_is_bound_per_call()
    {
        var origins = TestCompilation.Origins(Usings + """

            class C
            {
                private readonly Linear head = Linear(8, 1);
                static Tensor Keep(Tensor t) => t.view(-1);
                void M(Tensor x)
                {
                    Probe.Origin(Keep(head.forward(x)));
                    Probe.Origin(Keep(torch.sigmoid(head.forward(x))));
                }
            }
            """);
        Assert.Equal(new[] { OriginKind.Logits, OriginKind.SigmoidProbabilities }, origins.Select(o => o.Kind));
    }

    [Theory]
    [InlineData("Probe.Origin(Linear(8, 2).forward(x)[.., ^1]);")]
    [InlineData("Probe.Origin(Linear(8, 2).forward(x).select(1, 0));")]
    [InlineData("Probe.Origin(Linear(8, 2).forward(x).chunk(2, -1)[1].squeeze(-1));")]
    [InlineData("Probe.Origin(Linear(8, 4).forward(x).split(1, -1)[3].squeeze(-1));")]
    [InlineData("Probe.Origin(Linear(8, 3).forward(x).unbind(-1)[0]);")]
    [InlineData("Probe.Origin(Linear(8, 3).forward(x).tensor_split(3, -1)[2].view(-1));")]
    public void Other_spellings_of_one_column_are_single_label(string body)
    {
        var origin = OriginIn(body);
        Assert.Equal(OriginKind.Logits, origin.Kind);
        Assert.True(origin.SingleLabel, origin.ToString());
    }

    [Theory]
    [InlineData("Probe.Origin(Sequential(Linear(8, 1), Sigmoid(), Dropout(0.1)).forward(x));", 1L)]
    [InlineData("Probe.Origin(Sequential(Linear(8, 3), Sigmoid(), Flatten(), Identity()).forward(x));", 3L)]
    [InlineData("Probe.Origin(Sequential(Linear(8, 4), Sigmoid(), Unflatten(1, new long[] { 2, 2 })).forward(x));", null)]
    public void Shape_only_layers_after_an_activation_keep_it(string body, long? width)
    {
        var origin = OriginIn(body);
        Assert.Equal(OriginKind.SigmoidProbabilities, origin.Kind);
        Assert.Equal(width, origin.Width);
    }

    [Fact]
    public void Chunks_along_the_batch_keep_the_width()
    {
        var origin = OriginIn("Probe.Origin(Linear(8, 3).forward(x).chunk(4)[0]);");
        Assert.Equal(OriginKind.Logits, origin.Kind);
        Assert.Equal(3, origin.Width);
        Assert.False(origin.SingleLabel);
    }
}
