using System;

namespace LossAnalyzers.Runtime;

/// <summary>
/// A loss argument that cannot be right: the message names the mistake, the shapes or values involved and the fix,
/// and <see cref="RuleId"/> names the LossAnalyzers rule that finds the same mistake in source (LOSS006, LOSS009, ...).
/// </summary>
public sealed class LossValidationException : ArgumentException
{
    /// <summary>Creates the exception; the rule ID and the rule's page are appended to <paramref name="message"/>.</summary>
    /// <param name="ruleId">The analyzer rule for the same mistake.</param>
    /// <param name="message">What is wrong, with the shapes or values, and the fix.</param>
    /// <param name="paramName">The loss parameter at fault (<c>pos_weights</c>, <c>target</c>, ...).</param>
    public LossValidationException(string ruleId, string message, string? paramName = null)
        : base($"{message} [{ruleId}: {RuntimeInfo.RulesUrl}/{ruleId}.md]", paramName)
    {
        RuleId = ruleId;
    }

    /// <summary>The analyzer rule for the same mistake: <c>LOSS006</c>, <c>LOSS007</c>, <c>LOSS008</c>, <c>LOSS009</c>, ...</summary>
    public string RuleId { get; }
}
