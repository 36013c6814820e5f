using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS020: 0/1 labels for the ±1 losses, ±1 labels for MultiLabelSoftMarginLoss, 0/1 flags for MultiLabelMarginLoss.</summary>
public sealed class Loss020Tests
{
    [Theory]
    [InlineData("functional.margin_ranking_loss(x, logits, {|LOSS020:(x > logits).to_type(ScalarType.Float32)|});")]
    [InlineData("MarginRankingLoss(margin: 0.5).forward(x, logits, {|LOSS020:torch.tensor(new float[] { 1f, 0f, 1f, 0f })|});")]
    [InlineData("var similar = torch.tensor(new float[] { 1f, 0f, 0f, 1f }); new HingeEmbeddingLoss(margin: 1.0).forward(x, {|LOSS020:similar|});")]
    [InlineData("var labels = y > 0.5; functional.soft_margin_loss(x, {|LOSS020:labels.@float()|});")]
    [InlineData("CosineEmbeddingLoss().forward(x, logits, {|LOSS020:torch.randint(0, 2, new long[] { 8 })|});")]
    [InlineData("var same = torch.tensor(new bool[] { true, false }); functional.cosine_embedding_loss(x, logits, {|LOSS020:same.to_type(ScalarType.Float32)|});")]
    [InlineData("bool[] wins = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(new[] { 3, 1 }, v => v > 2)); functional.margin_ranking_loss(x, logits, {|LOSS020:torch.tensor(wins).to_type(ScalarType.Float32)|});")]
    [InlineData("functional.hinge_embedding_loss(x, {|LOSS020:torch.where(y > 0, 1f, 0f)|}, margin: 1.0);")]
    [InlineData("functional.hinge_embedding_loss(x, {|LOSS020:1 - (y > 0).@float()|}, margin: 1.0);")]
    [InlineData("var pm = (y > 0).@float() * 2 - 1; functional.multilabel_soft_margin_loss(logits, {|LOSS020:pm|});")]
    [InlineData("MultiLabelSoftMarginLoss().forward(logits, {|LOSS020:torch.tensor(new float[,] { { 1f, -1f }, { -1f, 1f } })|});")]
    [InlineData("MultiLabelMarginLoss().forward(logits, {|LOSS020:functional.one_hot(torch.tensor(new long[] { 2, 0 }), 3)|});")]
    [InlineData("MultiLabelMarginLoss().forward(logits, {|LOSS020:(y > 0.5).to_type(ScalarType.Int64)|});")]
    public Task Reported_on_the_target(string body) => Verify.DiagnosticsInMethod("LOSS020", body);

    [Theory]
    [InlineData("functional.margin_ranking_loss(x, logits, 2 * (x > logits).to_type(ScalarType.Float32) - 1);")]
    [InlineData("MarginRankingLoss(margin: 0.5).forward(x, logits, torch.tensor(new float[] { 1f, -1f, 1f, -1f }));")]
    [InlineData("new HingeEmbeddingLoss(margin: 1.0).forward(x, torch.where(y > 0, 1f, -1f));")]
    [InlineData("functional.soft_margin_loss(x, y);")]
    [InlineData("functional.soft_margin_loss(x, y.sign());")]
    [InlineData("CosineEmbeddingLoss().forward(x, logits, torch.ones(8));")]
    [InlineData("var flags = (y > 0).@float(); functional.multilabel_soft_margin_loss(logits, flags);")]
    [InlineData("functional.multilabel_soft_margin_loss(logits, (((y > 0).@float() * 2 - 1) + 1) / 2);")]
    [InlineData("MultiLabelSoftMarginLoss().forward(logits, torch.tensor(new float[,] { { 1f, 0f }, { 0f, 1f } }));")]
    [InlineData("MultiLabelMarginLoss().forward(logits, torch.tensor(new long[,] { { 2, 0, -1 }, { 1, -1, -1 } }));")]
    [InlineData("MultiLabelMarginLoss().forward(logits, torch.tensor(new long[,] { { 0, 1 }, { 1, 0 } }));")]
    [InlineData("BCEWithLogitsLoss().forward(x, (y > 0).@float());")]
    [InlineData("functional.margin_ranking_loss(x, logits, torch.where(x > logits, 1, 0) * 2 - 1);")]
    public Task Not_reported(string body) => Verify.DiagnosticsInMethod("LOSS020", body);

    [Fact]
    public Task Reported_across_methods_with_the_labels_built_in_a_helper() => Verify.Diagnostics("LOSS020", """
        sealed record Pair(Tensor Left, Tensor Right, Tensor Same);

        sealed class Ranker
        {
            private readonly MarginRankingLoss criterion = MarginRankingLoss(margin: 1.0);

            private static Pair Batch(Tensor scores, Tensor clicks) => new Pair(scores, scores.flip(0), clicks > 0);

            private Tensor Loss(Pair pair) => criterion.forward(pair.Left, pair.Right, {|LOSS020:pair.Same.to_type(ScalarType.Float32)|});

            public Tensor Step(Tensor scores, Tensor clicks) => Loss(Batch(scores, clicks));
        }
        """);

    [Fact]
    public Task Fix_relabels_each_target_where_it_is_passed() => Verify.Fix<Loss020CodeFix>(
        "LOSS020",
        Verify.InMethod("""
            var flags = (x > logits).to_type(ScalarType.Float32);
            var a = functional.margin_ranking_loss(x, logits, {|LOSS020:flags|});
            var b = functional.soft_margin_loss(x, {|LOSS020:y > 0|});
            var c = functional.multilabel_soft_margin_loss(logits, {|LOSS020:flags * 2 - 1|});
            var d = flags.sum();
            """),
        Verify.InMethod("""
            var flags = (x > logits).to_type(ScalarType.Float32);
            var a = functional.margin_ranking_loss(x, logits, 2 * flags - 1);
            var b = functional.soft_margin_loss(x, 2 * (y > 0) - 1);
            var c = functional.multilabel_soft_margin_loss(logits, ((flags * 2 - 1) + 1) / 2);
            var d = flags.sum();
            """));

    [Fact]
    public Task No_fix_for_flags_given_to_the_multi_label_margin_loss() => Verify.NoFix<Loss020CodeFix>(
        "LOSS020",
        Verify.InMethod("""
            var loss = MultiLabelMarginLoss().forward(logits, {|LOSS020:functional.one_hot(torch.tensor(new long[] { 2, 0 }), 3)|});
            """));
}
