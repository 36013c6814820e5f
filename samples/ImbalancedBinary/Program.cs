// A yes/no classifier on 1:100 imbalanced data, trained twice: with a plain BCEWithLogitsLoss, and with the validated
// loss and pos_weights = negatives / positives counted from the training targets. The weighted run trades some
// precision for finding most of the rare positives.
using ImbalancedBinary;
using LossAnalyzers.Runtime;
using TorchSharp;
using static TorchSharp.torch;

torch.set_num_threads(1);   // small tensors: one thread is fastest, and keeps the run reproducible
manual_seed(2024);
var (trainX, trainY) = Blobs.Make(negatives: 20_000, positives: 200);
var (testX, testY) = Blobs.Make(negatives: 20_000, positives: 200);

var posWeight = ClassWeights.PosWeight(trainY);                  // [1]: negatives / positives = 100
Console.WriteLine($"training: {trainY.shape[0]} samples, {trainY.sum().item<float>()} positives; pos_weights = [{posWeight.item<float>()}]");

var plain = Training.Train("plain", nn.BCEWithLogitsLoss(), trainX, trainY, seed: 1);
var weighted = Training.Train("weighted", ValidatedLoss.BCEWithLogitsLoss(pos_weights: posWeight), trainX, trainY, seed: 1);

Console.WriteLine();
Console.WriteLine($"held-out: {testY.shape[0]} samples, {testY.sum().item<float>()} positives; positive class at logit > 0");
Console.WriteLine("loss                          recall  precision     F1");
using (no_grad())
{
    Report("BCEWithLogitsLoss()", plain, testX, testY);
    Report("pos_weights [100] (validated)", weighted, testX, testY);
}

static void Report(string name, nn.Module<Tensor, Tensor> model, Tensor features, Tensor targets)
{
    model.eval();
    var s = Scores.Of(model.forward(features).squeeze(-1), targets);
    Console.WriteLine($"{name,-29} {s.Recall * 100,5:F1}%  {s.Precision * 100,8:F1}%  {s.F1,5:F3}");
}
