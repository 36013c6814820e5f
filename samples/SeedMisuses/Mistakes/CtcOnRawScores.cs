using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: a handwriting recogniser is ported from a PyTorch OCR tutorial. The tutorial's model ended in
// log_softmax(2); the port's model ends in its Linear layer, and the training loop passes its scores to CTCLoss.
//
// LOSS021: CTCLoss reads its input as log-probabilities over the classes. Raw scores give a loss that falls below
// zero without any error, and the model learns to inflate them. Pass frameScores.log_softmax(2).
internal static class CtcOnRawScores
{
    public static string Run()
    {
        var recogniser = Sequential(Linear(8, 16), ReLU(), Linear(16, 5));
        var frames = randn(6, 2, 8);                                   // [T, N, features]
        var frameScores = recogniser.forward(frames);                  // [T, N, classes], blank = 0
        var labels = randint(1, 5, new long[] { 2, 3 });
        var frameCounts = tensor(new long[] { 6, 6 });
        var labelCounts = tensor(new long[] { 3, 3 });
        var loss = CTCLoss().forward(frameScores, labels, frameCounts, labelCounts);

        return "loss " + Data.Format(loss);
    }
}
