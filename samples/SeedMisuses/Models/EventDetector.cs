using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

/// <summary>
/// An LSTM that scores every time step of a sequence: "does the event happen here?".
/// Its last layer is a Sigmoid(), so it returns probabilities of shape [batch, sequence].
/// </summary>
internal sealed class EventDetector : Module<Tensor, Tensor>
{
    private readonly LSTM lstm;
    private readonly Module<Tensor, Tensor> head;
    private readonly Module<Tensor, Tensor> activation;

    public EventDetector(long channels, long hidden) : base(nameof(EventDetector))
    {
        lstm = LSTM(channels, hidden, batchFirst: true);
        head = Linear(hidden, 1);
        activation = Sigmoid();
        RegisterComponents();
    }

    public override Tensor forward(Tensor series)
    {
        var (states, _, _) = lstm.forward(series);
        var scores = head.forward(states).squeeze(-1);
        return activation.forward(scores);
    }
}
