using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

/// <summary>
/// A small classifier that "outputs probabilities": its forward ends with torch.sigmoid. The training code
/// that feeds it to BCELoss lives in another file (Mistakes/SigmoidInForward.cs); the analyzer follows
/// forward across files.
/// </summary>
internal sealed class ProbabilityNet : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> hidden = Linear(8, 16);
    private readonly Module<Tensor, Tensor> output = Linear(16, 1);

    public ProbabilityNet() : base(nameof(ProbabilityNet))
    {
        RegisterComponents();
    }

    public override Tensor forward(Tensor features)
    {
        var x = functional.relu(hidden.forward(features));
        return torch.sigmoid(output.forward(x).squeeze(-1));
    }
}
