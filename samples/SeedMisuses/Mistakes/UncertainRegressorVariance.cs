using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: a regressor that also predicts its own uncertainty (a mean head and a variance head), trained with the
// Gaussian negative log-likelihood, as in PyTorch's GaussianNLLLoss recipe.
//
// LOSS023: TorchSharp 0.107's GaussianNLLLoss gives the variance no gradient, so the variance head never learns; it
// also sums over the features where PyTorch averages.
internal static class UncertainRegressorVariance
{
    public static string Run()
    {
        var trunk = Sequential(Linear(8, 16), ReLU());
        var meanHead = Linear(16, 3);
        var varianceHead = Linear(16, 3);
        var features = trunk.forward(Data.Features(32));
        var targets = randn(32, 3);

        var mean = meanHead.forward(features);
        var variance = functional.softplus(varianceHead.forward(features)) + 1e-4;
        var gaussian = GaussianNLLLoss(eps: 1e-6f);
        var loss = gaussian.forward(mean, targets, variance);

        return "loss " + Data.Format(loss);
    }
}
