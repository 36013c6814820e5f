using Microsoft.CodeAnalysis;

namespace LossAnalyzers;

/// <summary>Every rule's descriptor, in one place. Messages say what is wrong, why it matters, and the fix.</summary>
internal static class Descriptors
{
    public const string RepositoryUrl = "https://github.com/lossanalyzers/lossanalyzers";

    public static readonly DiagnosticDescriptor Loss001SigmoidIntoBce = Create(
        "LOSS001",
        "Sigmoid probabilities are passed to BCELoss",
        "'{0}' reaches {1} as sigmoid probabilities ({2}). In float32 a sigmoid saturates to exactly 0 or 1, where the log inside BCE loses precision and the loss and its gradient stall or become infinite. Pass the logits to {3} and remove the sigmoid.",
        DiagnosticSeverity.Warning,
        "BCEWithLogitsLoss fuses the sigmoid into the loss with the log-sum-exp trick: it is numerically stable for any logit and it takes pos_weights for imbalanced data. BCELoss on sigmoid outputs is the less stable spelling of the same loss.");

    public static readonly DiagnosticDescriptor Loss002SigmoidIntoBceWithLogits = Create(
        "LOSS002",
        "The sigmoid is applied twice: sigmoid probabilities are passed to BCEWithLogitsLoss",
        "'{0}' reaches {1} as sigmoid probabilities ({2}), so the sigmoid is applied twice. {1} applies its own sigmoid, so the model's outputs are squeezed into (0.5, 0.73) and the loss can never get close to zero. Remove the sigmoid and pass the logits.",
        DiagnosticSeverity.Warning,
        "BCEWithLogitsLoss and binary_cross_entropy_with_logits take logits. A sigmoid in front of them is usually left over from a migration away from BCELoss.");

    public static readonly DiagnosticDescriptor Loss003WidthOneHead = Create(
        "LOSS003",
        "CrossEntropyLoss or NLLLoss on a head of width 1",
        "{0} gets '{1}', which comes from a head with one output. Over one column log_softmax is always 0, so the loss is constant (or a class-1 target is out of bounds) and nothing learns. Use BCEWithLogitsLoss on the squeezed logit with a float target, and turn a class weight [w0, w1] into pos_weights [w1 / w0].",
        DiagnosticSeverity.Warning,
        "A binary classifier with one output is trained with BCEWithLogitsLoss; CrossEntropyLoss and NLLLoss need one column per class.");

    public static readonly DiagnosticDescriptor Loss004ProbabilitiesIntoCrossEntropy = Create(
        "LOSS004",
        "Probabilities are passed to CrossEntropyLoss",
        "'{0}' reaches {1} as {2} ({3}). {1} applies log_softmax itself, so the probabilities are squashed a second time, the gradients shrink and the loss stops reflecting the model's confidence. {4}",
        DiagnosticSeverity.Warning,
        "CrossEntropyLoss and cross_entropy take logits (raw scores). Apply softmax only where probabilities are needed, outside the loss.");

    public static readonly DiagnosticDescriptor Loss005NllWithoutLogProbabilities = Create(
        "LOSS005",
        "NLLLoss does not get log-probabilities",
        "'{0}' reaches {1} as {2}. {3} {4}",
        DiagnosticSeverity.Warning,
        "NLLLoss and nll_loss take log-probabilities (log_softmax outputs); CrossEntropyLoss is log_softmax followed by NLLLoss.");

    public static readonly DiagnosticDescriptor Loss006PosWeightsLength = Create(
        "LOSS006",
        "pos_weights does not fit the class dimension",
        "pos_weights has {0} elements, but {1}. pos_weights holds one weight per label and broadcasts over the last dimension of the input, so the mismatch fails at run time or weights the wrong values. {2}",
        DiagnosticSeverity.Warning,
        "For single-label binary classification pos_weights has one element, negatives / positives; for a multi-label head with C outputs it has one element per label, C in all.");

    public static readonly DiagnosticDescriptor Loss007PerClassWeight = Create(
        "LOSS007",
        "A per-class vector is passed as the BCE weight",
        "weight has {0} elements, one per class, but '{1}' is a single-label binary input. BCE's weight rescales each element of the loss (it is broadcast over the input); it does not weight classes, so the positives are not up-weighted. {2}",
        DiagnosticSeverity.Warning,
        "To weight the positive class of a binary classifier, use BCEWithLogitsLoss with pos_weights [w1 / w0].");

    public static readonly DiagnosticDescriptor Loss008InvalidWeight = Create(
        "LOSS008",
        "A loss weight is zero, negative, NaN or infinite",
        "{0} element {1} is {2}. {3} Use finite, positive weights.",
        DiagnosticSeverity.Warning,
        "Class weights and pos_weights scale the loss of a class; a pos_weights below 1 is legitimate (more positives than negatives).");

    public static readonly DiagnosticDescriptor Loss009IntegerTarget = Create(
        "LOSS009",
        "An integer or bool target is passed to a BCE loss",
        "'{0}' is {1} ({2}), but {3} needs a floating-point target of the input's type, so the call fails at run time. Convert it with .to_type(ScalarType.Float32).",
        DiagnosticSeverity.Warning,
        "BCELoss and BCEWithLogitsLoss compute with the target's values; they need a float target of the same shape as the input.");

    public static readonly DiagnosticDescriptor Loss010HandWeightedPositives = Create(
        "LOSS010",
        "Positives are re-weighted by hand instead of with pos_weights",
        "'{0}' multiplies the positive elements of an unreduced BCE loss by {1} by hand. BCEWithLogitsLoss does the same with pos_weights inside its fused, numerically stable computation, without the extra mask and copies. Pass pos_weights: {1} and keep the loss's own reduction.",
        DiagnosticSeverity.Info,
        "pos_weights multiplies the positive term of the loss: loss = -[p y log(sigmoid(x)) + (1 - y) log(1 - sigmoid(x))].");

    public static readonly DiagnosticDescriptor Loss011LogitsThresholdedAtHalf = Create(
        "LOSS011",
        "Logits are compared with 0.5",
        "'{0}' holds logits ({1}), so comparing it with 0.5 thresholds the probability at sigmoid(0.5) = 0.62, not at one half. Logit 0 is probability one half. Compare with 0, or apply torch.sigmoid first.",
        DiagnosticSeverity.Warning,
        "A tensor fed to BCEWithLogitsLoss holds logits; the decision threshold for probability 0.5 is logit 0.");

    public static readonly DiagnosticDescriptor Loss012PreferLogits = Create(
        "LOSS012",
        "Prefer BCEWithLogitsLoss on logits to BCELoss",
        "{0} is used and no input reaching it is visibly a sigmoid output. BCELoss takes probabilities, which lose precision near 0 and 1, and it has no pos_weights for imbalanced data. Prefer BCEWithLogitsLoss on the logits.",
        DiagnosticSeverity.Info,
        "BCEWithLogitsLoss is numerically stable for any logit and weights positives with pos_weights. Keep BCELoss only for inputs that really are probabilities from elsewhere.");

    public static readonly DiagnosticDescriptor Loss013ZeroAsScalarType = Create(
        "LOSS013",
        "The constant 0 binds to a ScalarType parameter",
        "'{0}' passes 0 as a ScalarType: C# converts the constant 0 to any enum, so this calls {1}({2}) with ScalarType.{3} instead of the dimension overload. {4} Write dim: 0 to reduce dimension 0.",
        DiagnosticSeverity.Warning,
        "Overload resolution prefers a candidate that needs no default arguments, and the constant 0 converts implicitly to every enum: t.sum(0) and t.prod(0) bind to sum(ScalarType? type) and prod(ScalarType? type).");

    public static string HelpLink(string id) => $"{RepositoryUrl}/blob/main/docs/rules/{id}.md";

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description) =>
        new(id, title, message, "Usage", severity, isEnabledByDefault: true, description, HelpLink(id));
}
