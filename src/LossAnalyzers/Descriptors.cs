using Microsoft.CodeAnalysis;

namespace LossAnalyzers;

/// <summary>
/// How every rule's descriptor is made (each rule file holds its own): category, help link to its page. Messages say
/// what is wrong, why it matters, and the fix; their placeholders are values, never sentences.
/// </summary>
internal static class Descriptors
{
    public const string RepositoryUrl = "https://github.com/lossanalyzers/lossanalyzers";

    public static string HelpLink(string id) => $"{RepositoryUrl}/blob/main/docs/rules/{id}.md";

    public static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description) =>
        new(id, title, message, "Usage", severity, isEnabledByDefault: true, description, HelpLink(id));

    /// <summary>
    /// The same rule with the message of another case of it: where the wording differs by case, each case has its whole
    /// sentence in a descriptor of its own and the placeholders stay values (names, shapes, places).
    /// </summary>
    public static DiagnosticDescriptor Variant(DiagnosticDescriptor rule, string message) =>
        new(rule.Id, rule.Title, message, rule.Category, rule.DefaultSeverity, rule.IsEnabledByDefault, rule.Description, rule.HelpLinkUri);
}
