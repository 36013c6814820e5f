using Microsoft.CodeAnalysis;

namespace LossAnalyzers;

/// <summary>Every rule's descriptor, in one place. Messages say what is wrong, why it matters, and the fix.</summary>
internal static class Descriptors
{
    public const string RepositoryUrl = "https://github.com/lossanalyzers/lossanalyzers";

    public static readonly DiagnosticDescriptor Loss001SigmoidIntoBce = new(
        id: "LOSS001",
        title: "Sigmoid probabilities are passed to BCELoss",
        messageFormat: "'{0}' reaches {1} as sigmoid probabilities ({2}). In float32 a sigmoid saturates to exactly 0 or 1, where the log inside BCE loses precision and the loss and its gradient stall or become infinite. Pass the logits to {3} and remove the sigmoid.",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "BCEWithLogitsLoss fuses the sigmoid into the loss with the log-sum-exp trick: it is numerically stable for any logit and it takes pos_weights for imbalanced data. BCELoss on sigmoid outputs is the less stable spelling of the same loss.",
        helpLinkUri: HelpLink("LOSS001"));

    public static string HelpLink(string id) => $"{RepositoryUrl}/blob/main/docs/rules/{id}.md";
}
