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

    public static readonly DiagnosticDescriptor Loss012PreferLogits = Create(
        "LOSS012",
        "Prefer BCEWithLogitsLoss on logits to BCELoss",
        "{0} is used and no input reaching it is visibly a sigmoid output. BCELoss takes probabilities, which lose precision near 0 and 1, and it has no pos_weights for imbalanced data. Prefer BCEWithLogitsLoss on the logits.",
        DiagnosticSeverity.Info,
        "BCEWithLogitsLoss is numerically stable for any logit and weights positives with pos_weights. Keep BCELoss only for inputs that really are probabilities from elsewhere.");

    public static string HelpLink(string id) => $"{RepositoryUrl}/blob/main/docs/rules/{id}.md";

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description) =>
        new(id, title, message, "Usage", severity, isEnabledByDefault: true, description, HelpLink(id));
}
