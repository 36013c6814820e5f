using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Tests.Analysis;

/// <summary>"Which loss a call uses": the receiver is traced back to its construction whatever its declared type.</summary>
public sealed class LossCallTests
{
    private const string Usings = """
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        """;

    private static List<LossCall> Calls(string source)
    {
        var compilation = TestCompilation.Create(source);
        var analysis = LossAnalysis.TryCreate(compilation)!;
        var calls = new List<LossCall>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetOperation(invocation) is IInvocationOperation operation && analysis.TryGetLossCall(operation, out var call))
                {
                    calls.Add(call);
                }
            }
        }

        return calls;
    }

    [Theory]
    [InlineData("var c = torch.nn.BCELoss(); c.forward(p, y);", "BCE")]
    [InlineData("var c = nn.BCELoss(); c.call(p, y);", "BCE")]
    [InlineData("BCELoss c = BCELoss(); c.forward(p, y);", "BCE")]
    [InlineData("Loss<Tensor, Tensor, Tensor> c = new BCELoss(null, Reduction.Mean); c.forward(p, y);", "BCE")]
    [InlineData("WeightedLoss<Tensor, Tensor, Tensor> c = BCEWithLogitsLoss(pos_weights: w); c.forward(p, y);", "BCEWithLogits")]
    [InlineData("using var c = CrossEntropyLoss(); c.forward(p, y);", "CrossEntropy")]
    [InlineData("NLLLoss().call(p, y);", "NLL")]
    [InlineData("functional.binary_cross_entropy(p, y);", "BCE")]
    [InlineData("torch.nn.functional.binary_cross_entropy_with_logits(p, y, pos_weights: w);", "BCEWithLogits")]
    [InlineData("functional.cross_entropy(p, y);", "CrossEntropy")]
    [InlineData("functional.nll_loss(p, y);", "NLL")]
    [InlineData("var c = KLDivLoss(log_target: false); c.forward(p, y);", "KLDiv")]
    [InlineData("Loss<Tensor, Tensor, Tensor> c = nn.KLDivLoss(); c.call(p, y);", "KLDiv")]
    [InlineData("functional.kl_div(p, y, log_target: false);", "KLDiv")]
    public void Constructions_and_functional_forms_are_recognised(string body, string kind)
    {
        var call = Assert.Single(Calls(Usings + $$"""
            class C
            {
                void M(Tensor p, Tensor y, Tensor w)
                {
                    {{body}}
                }
            }
            """));
        Assert.Equal(Enum.Parse<LossKind>(kind), call.Kind);
        Assert.Equal("p", call.Input.Value.Syntax.ToString());
        Assert.Equal("y", call.Target.Value.Syntax.ToString());
    }

    [Fact]
    public void A_loss_kept_in_a_field_or_property_is_one_loss_with_its_weights()
    {
        var calls = Calls(Usings + """
            class C
            {
                private static readonly Tensor Weights = torch.tensor(new float[] { 1f, 5f });
                private readonly Loss<Tensor, Tensor, Tensor> field = BCEWithLogitsLoss(pos_weights: Weights);
                public Loss<Tensor, Tensor, Tensor> Property { get; } = CrossEntropyLoss(weight: Weights);

                void Train(Tensor p, Tensor y) { field.forward(p, y); Property.forward(p, y); }
                void Validate(Tensor p, Tensor y) { field.call(p, y); }
            }
            """);

        Assert.Equal(3, calls.Count);
        Assert.Equal(new[] { LossKind.BCEWithLogits, LossKind.CrossEntropy, LossKind.BCEWithLogits }, calls.Select(c => c.Kind));
        Assert.Same(calls[0].Constructions[0].Creation.Syntax, calls[2].Constructions[0].Creation.Syntax);
        Assert.Equal("pos_weights: Weights", calls[0].Argument("pos_weights")!.Syntax.ToString());
        Assert.Equal("weight: Weights", calls[1].Argument("weight")!.Syntax.ToString());
    }

    [Fact]
    public void A_loss_received_as_a_parameter_is_known_only_by_its_declared_type()
    {
        var calls = Calls(Usings + """
            class C
            {
                void M(BCELoss typed, Loss<Tensor, Tensor, Tensor> untyped, Tensor p, Tensor y)
                {
                    typed.forward(p, y);
                    untyped.forward(p, y);
                }
            }
            """);

        var call = Assert.Single(calls);
        Assert.Equal(LossKind.BCE, call.Kind);
        Assert.True(call.Constructions.IsEmpty);
    }

    [Fact]
    public void A_user_type_named_like_a_loss_is_not_one_and_element_wise_losses_are_their_own_kind()
    {
        var calls = Calls(Usings + """
            namespace Mine
            {
                public sealed class BCELoss : Module<Tensor, Tensor, Tensor>
                {
                    public BCELoss() : base("mine") { }
                    public override Tensor forward(Tensor a, Tensor b) => a - b;
                }

                class C
                {
                    void M(Tensor p, Tensor y)
                    {
                        new BCELoss().forward(p, y);
                        MSELoss().forward(p, y);
                        functional.mse_loss(p, y);
                    }
                }
            }
            """);

        // Mine.BCELoss shares only the name; MSELoss and mse_loss are catalogued (LOSS019) as MSE, never as BCE.
        Assert.Equal(new[] { LossKind.MSE, LossKind.MSE }, calls.Select(c => c.Kind));
        Assert.Equal(new[] { false, true }, calls.Select(c => c.IsFunctional));
    }
}
