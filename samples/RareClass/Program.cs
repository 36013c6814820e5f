// Four classes, the last one rare: trained with ValidatedLoss.CrossEntropyLoss, without and with class weights
// N / (C * count) from the training labels. The weighted run finds far more of the rare class. Then the three
// mistakes people meet first with CrossEntropyLoss, caught with a message that says what to do.
using LossAnalyzers.Runtime;
using RareClass;
using TorchSharp;
using static TorchSharp.torch;

torch.set_num_threads(1);
manual_seed(7);
var train = Clusters.Make(perClass: new long[] { 3000, 3000, 3000, 90 });
var test = Clusters.Make(perClass: new long[] { 3000, 3000, 3000, 90 });

var weights = ClassWeights.ForCrossEntropy(train.Labels, num_classes: Clusters.Classes);
Console.WriteLine($"training: {train.Labels.shape[0]} samples; class weights [{string.Join(", ", weights.data<float>().ToArray().Select(w => w.ToString("F2")))}]");

var plain = Training.Train("plain", ValidatedLoss.CrossEntropyLoss(), train, seed: 1);
var weighted = Training.Train("weighted", ValidatedLoss.CrossEntropyLoss(weight: weights), train, seed: 1);

Console.WriteLine();
Console.WriteLine("held-out recall per class     " + string.Join("  ", Enumerable.Range(0, Clusters.Classes).Select(c => $"class {c}")));
using (no_grad())
{
    Console.WriteLine($"CrossEntropyLoss()            {Training.Recall(plain, test)}");
    Console.WriteLine($"weight: ForCrossEntropy       {Training.Recall(weighted, test)}");
}

Console.WriteLine();
Console.WriteLine("Three common mistakes, caught before libtorch sees them:");
using var criterion = ValidatedLoss.CrossEntropyLoss();
var scores = randn(4, Clusters.Classes);
Show("labels from an int[] (Int32)", () => criterion.forward(scores, tensor(new int[] { 0, 1, 3, 2 })));
Show("labels counted from 1", () => criterion.forward(scores, tensor(new long[] { 1, 2, 3, 4 })));
Show("a sequence model's [N, T, C] output", () => criterion.forward(randn(2, 6, Clusters.Classes), zeros(2, 6, dtype: ScalarType.Int64)));

static void Show(string what, Action mistake)
{
    try
    {
        mistake();
        Console.WriteLine($"- {what}: not caught");
    }
    catch (LossValidationException e)
    {
        Console.WriteLine($"- {what} ({e.RuleId}):");
        Console.WriteLine($"  {e.Message}");
    }
}
