using System.Text.Json;

namespace LossAnalyzers.PackageTests;

/// <summary>
/// Microsoft's SARIF Multitool (<c>@microsoft/sarif-multitool-linux</c>, installed by <c>test.sh</c> into
/// <c>.tools/sarif-multitool</c>): <c>validate --rule-kind "Sarif;Gh"</c> checks a log against the SARIF 2.1.0 schema and
/// GitHub code scanning's ingestion rules, and reports each problem as a result of its own log. A log passes with no
/// result of level <c>error</c>.
/// </summary>
internal static class SarifMultitool
{
    /// <summary>Set by <c>test.sh</c> to the Multitool's executable.</summary>
    public const string PathVariable = "LOSSANALYZERS_SARIF_MULTITOOL";

    /// <summary>Set by <c>test.sh</c>, with the reason, only where npm is not installed.</summary>
    public const string AbsentVariable = "LOSSANALYZERS_SARIF_MULTITOOL_ABSENT";

    private static readonly string Installed = Path.Combine(Repository.Root, ".tools", "sarif-multitool", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool");

    /// <summary>Why the Multitool cannot run here (npm absent, as test.sh found), or null when it can.</summary>
    public static string? AbsentReason =>
        Executable() is null && Environment.GetEnvironmentVariable(AbsentVariable) is { Length: > 0 } reason
            ? $"The SARIF Multitool is not installed: {reason}. Install Node.js and npm, then run ./test.sh."
            : null;

    /// <summary>Validates <paramref name="sarifPath"/>; fails with every error the Multitool reports.</summary>
    public static void AssertValid(string sarifPath)
    {
        var errors = Errors(sarifPath);
        Assert.True(errors.Count == 0, $"The SARIF Multitool reports {errors.Count} error(s) in {Path.GetFileName(sarifPath)}:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}{Environment.NewLine}{File.ReadAllText(sarifPath)}");
    }

    /// <summary>Validates <paramref name="sarifPath"/> where the Multitool is installed (test.sh installs it wherever npm is).</summary>
    public static void AssertValidWhereInstalled(string sarifPath)
    {
        if (AbsentReason is null)
        {
            AssertValid(sarifPath);
        }
    }

    /// <summary>The errors the Multitool reports for <paramref name="sarifPath"/>, as "rule: message".</summary>
    public static IReadOnlyList<string> Errors(string sarifPath)
    {
        var tool = Executable();
        Assert.True(tool is not null, $"The SARIF Multitool is not installed: run ./test.sh (it installs it into .tools/sarif-multitool) or set {PathVariable}.");
        var output = Path.Combine(Path.GetDirectoryName(sarifPath)!, Path.GetFileNameWithoutExtension(sarifPath) + ".validation.sarif");
        File.Delete(output);
        var run = ExternalProcess.Run(
            tool!,
            ["validate", sarifPath, "--rule-kind", "Sarif;Gh", "--output", output],
            Path.GetDirectoryName(sarifPath)!,
            ProcessTimeouts.Query,
            new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        Assert.True(File.Exists(output), $"The Multitool wrote no validation log for {sarifPath}.{Environment.NewLine}{run.Describe()}");

        using var document = JsonDocument.Parse(File.ReadAllText(output));
        var errors = document.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(r => r.TryGetProperty("results", out var results) ? results.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(r => r.TryGetProperty("level", out var level) && level.GetString() == "error")
            .Select(r => $"{r.GetProperty("ruleId").GetString()}: {Message(r)}")
            .ToList();
        return errors;
    }

    private static string? Executable()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } set ? set : Installed;
        return File.Exists(path) ? path : null;
    }

    private static string Message(JsonElement result)
    {
        var message = result.GetProperty("message");
        if (message.TryGetProperty("text", out var text))
        {
            return text.GetString() ?? string.Empty;
        }

        var arguments = message.TryGetProperty("arguments", out var list) ? string.Join("; ", list.EnumerateArray().Select(a => a.GetString())) : string.Empty;
        return $"{(message.TryGetProperty("id", out var id) ? id.GetString() : "?")} ({arguments})";
    }
}

/// <summary>A fact that needs the SARIF Multitool: skipped, with the reason, only where test.sh found no npm.</summary>
internal sealed class SarifMultitoolFactAttribute : FactAttribute
{
    public SarifMultitoolFactAttribute()
    {
        if (SarifMultitool.AbsentReason is { } reason)
        {
            Skip = reason;
        }
    }
}
