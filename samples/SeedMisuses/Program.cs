// SeedMisuses: loss-function mistakes from real PyTorch forum threads, rewritten for TorchSharp.
//
//   dotnet build samples/SeedMisuses   -> the analyzers flag the mistakes (LOSSnnn warnings)
//   dotnet run --project samples/SeedMisuses   -> every mistake runs on small random data
//
// Each file under Mistakes/ holds one mistake; its header says which situation it comes from and which
// rule is meant to find it. Rules that are still planned print no warning yet; the code runs regardless.
using SeedMisuses;
using static TorchSharp.torch;

manual_seed(2024);

var mistakes = new (string Rule, string What, Func<string> Run)[]
{
    ("LOSS001", "event-detection LSTM ending in Sigmoid(), BCELoss, positives re-weighted by hand", EventDetectionHandWeighted.Run),
    ("LOSS001", "sigmoid applied inline on the way into BCELoss", SigmoidInlineIntoBce.Run),
    ("LOSS001", "user module whose forward returns torch.sigmoid(...), BCELoss", SigmoidInForward.Run),
    ("LOSS001", "Sequential ending in Sigmoid(), functional binary_cross_entropy", SequentialSigmoidFunctionalBce.Run),
    ("LOSS002", "sigmoid kept after switching to BCEWithLogitsLoss", SigmoidKeptWithLogitsLoss.Run),
    ("LOSS003", "one-output head fed to CrossEntropyLoss", OneOutputCrossEntropy.Run),
    ("LOSS004", "one sigmoid output turned into [p, 1 - p] for weighted CrossEntropyLoss", HandBuiltTwoColumns.Run),
    ("LOSS004", "softmax applied before CrossEntropyLoss", SoftmaxIntoCrossEntropy.Run),
    ("LOSS005", "softmax probabilities into NLLLoss", SoftmaxIntoNll.Run),
    ("LOSS006", "two pos_weights on one selected column", TwoPosWeightsOnOneColumn.Run),
    ("LOSS007", "per-class weights passed as BCE weight", ClassWeightsAsBceWeight.Run),
    ("LOSS008", "a zero class weight", ZeroClassWeight.Run),
    ("LOSS009", "one-hot (integer) target for BCEWithLogitsLoss", OneHotTargetForBce.Run),
    ("LOSS010", "positives re-weighted by torch.where instead of pos_weights", WhereReweighting.Run),
    ("LOSS011", "logits thresholded at 0.5", LogitsThresholdedAtHalf.Run),
    ("LOSS012", "BCELoss on probabilities whose origin is not visible", BceOnOpaqueProbabilities.Run),
    ("LOSS013", "class counts with sum(0)", ClassCountsWithSumZero.Run),
    ("LOSS014", "softmax into KLDivLoss for a label-distribution target (also LOSS016, LOSS017)", LabelDistributionTarget.Run),
    ("LOSS015", "distillation kl_div ported from PyTorch: teacher probabilities read as log-probabilities", DistillationDefaultLogTarget.Run),
    ("LOSS018", "int[] labels (an Int32 tensor) into CrossEntropyLoss", Int32Labels.Run),
    ("LOSS019", "one-output regression head [N, 1] against a price vector [N] in MSELoss", RegressionHeadAgainstVector.Run),
    ("LOSS020", "clicks as 0/1 labels for MarginRankingLoss, which reads 1 and -1", RankingWithZeroOneLabels.Run),
    ("LOSS021", "CTCLoss on the raw scores of a recogniser's Linear layer", CtcOnRawScores.Run),
    ("LOSS022", "hinge_embedding_loss ported from PyTorch: margin 0 instead of 1", HingeMarginDefault.Run),
    ("LOSS023", "GaussianNLLLoss on a predicted variance that TorchSharp does not train", UncertainRegressorVariance.Run),
    ("LOSS024", "a running loss summed into a Tensor with every step's graph", RunningLossTensor.Run),
};

foreach (var (rule, what, run) in mistakes)
{
    string result;
    try
    {
        result = run();
    }
    catch (Exception e)
    {
        // Some mistakes fail at run time; show the message the way the user met it.
        result = "throws " + e.GetType().Name + ": " + FirstLine(e.Message);
    }

    Console.WriteLine($"{rule}  {what}: {result}");
}

static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
