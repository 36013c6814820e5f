namespace LossAnalyzers.Runtime.Tests;

/// <summary>Asserts a LossValidationException with the rule and the phrases a user needs to read in it.</summary>
internal static class Throws
{
    public static LossValidationException Validation(string ruleId, Action action, params string[] phrases)
    {
        var e = Assert.Throws<LossValidationException>(action);
        Assert.Equal(ruleId, e.RuleId);
        Assert.Contains($"[{ruleId}: ", e.Message);
        foreach (var phrase in phrases) Assert.Contains(phrase, e.Message);
        return e;
    }
}
