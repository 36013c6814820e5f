using LossAnalyzers.BehaviourTests.Infrastructure;

namespace LossAnalyzers.BehaviourTests;

/// <summary>
/// LOSS006's fix must repair the program: two class weights <c>[w0, w1]</c> given as <c>pos_weights</c> to a
/// single-label input of 16 logits make BCEWithLogitsLoss throw the forum's error (pos_weights broadcasts against the
/// input's last dimension: 2 against 16). After the fix (one element, <c>w1 / w0</c>) the loss runs and is the binary
/// cross-entropy with each positive's term scaled by w1 / w0, computed here by hand from the model's logits.
/// </summary>
public sealed class Loss006BehaviourTests
{
    private const string Id = "LOSS006";
    private const int Seed = 2006;
    private const int Rows = 16;
    private const string ForumError = "The size of tensor a (2) must match the size of tensor b (16) at non-singleton dimension 0";
    private static readonly float[] Features = TestData.Features(Rows, columns: 4, seed: 81);
    private static readonly long[] Labels = TestData.Labels(Rows, seed: 82);

    /// <summary>Class weights [2, 5] written inline (ratio 2.5), and [1, 4] in a local array (ratio 4).</summary>
    private static readonly string Program = TestSources.Usings + $$"""
        public static class Program
        {
            private static Tensor Features() => torch.tensor({{TestData.Literal(Features)}}, new long[] { {{Rows}}, 4 });

            private static Tensor Targets() => torch.tensor({{TestData.Literal(Labels.Select(l => (float)l))}});

            public static double Inline()
            {
                torch.manual_seed({{Seed}});
                var model = Linear(4, 1);
                var criterion = BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 2f, 5f }));
                var loss = criterion.forward(model.forward(Features()).squeeze(-1), Targets());
                return loss.item<float>();
            }

            public static double FromAnArray()
            {
                var classWeights = new float[] { 1f, 4f };
                torch.manual_seed({{Seed}});
                var model = Linear(4, 1);
                var criterion = BCEWithLogitsLoss(pos_weights: torch.tensor(classWeights));
                var loss = criterion.forward(model.forward(Features()).squeeze(-1), Targets());
                return loss.item<float>();
            }
        }
        """;

    private readonly ITestOutputHelper output;

    public Loss006BehaviourTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(FixMode.EachDiagnostic)]
    [InlineData(FixMode.FixAllInSolution)]
    public async Task Two_class_weights_as_pos_weights_throw_and_their_ratio_gives_the_weighted_binary_cross_entropy(FixMode mode)
    {
        var cases = new (string Method, double W0, double W1)[] { ("Inline", 2, 5), ("FromAnArray", 1, 4) };

        var original = TorchProgram.Compile(Program);
        foreach (var (method, _, _) in cases)
        {
            var thrown = Record.Exception(() => original.Run<double>("Program." + method));
            Assert.True(thrown is not null, $"The original {method} ran with two pos_weights on {Rows} single-label logits.");
            output.WriteLine($"original {method}: {thrown.GetType().Name}: {thrown.Message.Split('\n')[0]}");
            Assert.Contains(ForumError, thrown.Message, StringComparison.Ordinal);
        }

        var provider = CodeFixProviders.Require(Id);
        var @fixed = await mode.ApplyAsync(provider, Id, Program);
        output.WriteLine($"{@fixed.DiagnosticsBefore} {Id} diagnostic(s) fixed by {provider.GetType().Name} ({mode}):\n{@fixed}");
        Assert.Equal(cases.Length, @fixed.DiagnosticsBefore);

        var logits = Reference.LogitValues(Seed, 4, 1, Features);
        var repaired = TorchProgram.Compile(@fixed.Sources);
        foreach (var (method, w0, w1) in cases)
        {
            var loss = repaired.Run<double>("Program." + method);
            var posWeight = w1 / w0;
            var expected = Enumerable.Range(0, Rows).Average(i => ByHand.BinaryCrossEntropyWithLogits(logits[i], Labels[i], posWeight));
            output.WriteLine($"fixed {method}: loss {Numbers.Format(loss)}, BCE with logits and pos_weight {Numbers.Format(posWeight)} by hand {Numbers.Format(expected)}");
            Numbers.AssertRelativelyClose(expected, loss, 1e-6, $"fixed {method} against the binary cross-entropy with pos_weight w1 / w0 = {Numbers.Format(posWeight)}");
        }
    }
}
