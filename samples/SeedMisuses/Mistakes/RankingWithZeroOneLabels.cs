using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: a search ranker scores two documents per query and learns which one was clicked. The labels are the
// clicks as 0/1 ("was the first document the clicked one?"), as a classifier would take them.
//
// LOSS020: MarginRankingLoss reads its target as 1 (the first should rank higher) or -1 (the second should): a pair
// labelled 0 costs the margin whatever the scores and gets no gradient, so half the pairs teach nothing. Pass
// 2 * firstClicked - 1.
internal static class RankingWithZeroOneLabels
{
    public static string Run()
    {
        var scorer = Sequential(Linear(8, 16), ReLU(), Linear(16, 1));
        var first = scorer.forward(Data.Features(12)).squeeze(-1);
        var second = scorer.forward(Data.Features(12)).squeeze(-1);
        var firstClicked = Data.BinaryTargets(0.5, 12);
        var loss = MarginRankingLoss(margin: 1.0).forward(first, second, firstClicked);

        return "loss " + Data.Format(loss);
    }
}
