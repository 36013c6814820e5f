using System.Text.Json;

namespace LossAnalyzers.PackageTests;

/// <summary>
/// Reads a SARIF log and checks the structure SARIF 2.1.0 requires and GitHub code scanning reads: version, a run
/// with a tool driver and its rules (with help links), results that point at a rule and at a physical location with a
/// relative URI and a region.
/// </summary>
internal static class SarifCheck
{
    public sealed record Result(string RuleId, string Uri, int Line, int Column, string Level);

    public static IReadOnlyList<Result> Results(string sarif)
    {
        using var document = JsonDocument.Parse(sarif);
        var root = document.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Contains("sarif-2.1.0", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("LossAnalyzers", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            Assert.Matches("^LOSS[0-9]{3}$", rule.GetProperty("id").GetString());
            Assert.StartsWith("https://", rule.GetProperty("helpUri").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "error", "warning", "note" });
        }

        Assert.StartsWith("file://", run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString(), StringComparison.Ordinal);
        var results = new List<Result>();
        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            var ruleId = result.GetProperty("ruleId").GetString()!;
            Assert.Equal(ruleId, rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            var location = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            var artifact = location.GetProperty("artifactLocation");
            var uri = artifact.GetProperty("uri").GetString()!;
            Assert.False(System.Uri.IsWellFormedUriString(uri, UriKind.Absolute), $"'{uri}' should be relative to %SRCROOT%.");
            Assert.Equal("%SRCROOT%", artifact.GetProperty("uriBaseId").GetString());
            var region = location.GetProperty("region");
            results.Add(new Result(ruleId, uri, region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), result.GetProperty("level").GetString()!));
        }

        return results;
    }
}
