using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Tests.Analysis;

/// <summary>The value analysis of weight tensors: lengths and element values where the construction shows them.</summary>
public sealed class WeightValuesTests
{
    private static LossAnalyzers.Analysis.WeightValues? WeightsIn(string body, string members = "") =>
        Assert.Single(TestCompilation.Weights(Verify.Usings + $$"""
            class C
            {
                {{members}}
                void M(Tensor given, float scale)
                {
                    {{body}}
                }
            }
            """));

    [Theory]
    [InlineData("Probe.Weights(torch.tensor(new float[] { 1.17f, 6.77f }));", 2, "1.17,6.77")]
    [InlineData("Probe.Weights(torch.tensor(new[] { 1.0, 5.0, 0.5 }).to(torch.CPU));", 3, "1,5,0.5")]
    [InlineData("var w = new float[] { 2f, 3f }; Probe.Weights(torch.tensor(w));", 2, "2,3")]
    [InlineData("var weights = torch.tensor(new double[] { 1, 4 }); Probe.Weights(weights.to_type(ScalarType.Float32));", 2, "1,4")]
    [InlineData("Probe.Weights(torch.tensor(5f));", 1, "5")]
    [InlineData("Probe.Weights(torch.ones(3));", 3, "1,1,1")]
    [InlineData("Probe.Weights(torch.full(2, 0.25));", 2, "0.25,0.25")]
    [InlineData("Probe.Weights(torch.zeros(new long[] { 2 }));", 2, "0,0")]
    [InlineData("Probe.Weights(Field);", 2, "1,9")]
    public void Known_values(string body, int length, string values)
    {
        var weights = WeightsIn(body, "private static readonly Tensor Field = torch.tensor(new float[] { 1f, 9f });");
        Assert.NotNull(weights);
        Assert.Equal(length, weights.Length);
        Assert.Equal(values, string.Join(",", weights.Elements.Select(v => v is { } d ? ((float)d).ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")));
    }

    [Fact]
    public void A_float_array_literal_is_kept_for_rewriting()
    {
        var weights = WeightsIn("Probe.Weights(torch.tensor(new float[] { 1f, 2f }));");
        Assert.Equal(SpecialType.System_Single, weights!.ElementType);
        Assert.Equal("new float[] { 1f, 2f }", weights.Array!.Syntax.ToString());
    }

    [Fact]
    public void Elements_that_are_not_constants_are_unknown_but_the_length_is_known()
    {
        var weights = WeightsIn("Probe.Weights(torch.tensor(new float[] { 1f, scale }));");
        Assert.Equal(2, weights!.Length);
        Assert.Null(weights.Elements[1]);
        Assert.False(weights.AllKnown);
    }

    [Theory]
    [InlineData("Probe.Weights(given);")]
    [InlineData("var w = new float[] { 2f, 3f }; w[0] = 7f; Probe.Weights(torch.tensor(w));")]
    [InlineData("Probe.Weights(torch.ones(2, 3));")]
    [InlineData("Probe.Weights(torch.tensor(new float[] { 1f, 2f }) * scale);")]
    [InlineData("Probe.Weights(torch.rand(2));")]
    public void Unknown_weights(string body) => Assert.Null(WeightsIn(body));
}
