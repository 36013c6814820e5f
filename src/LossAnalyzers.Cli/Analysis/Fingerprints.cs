namespace LossAnalyzers.Cli.Analysis;

/// <summary>The fingerprint of <see cref="Finding"/>, as the SARIF report writes it and a baseline reads it back.</summary>
internal static class Fingerprints
{
    /// <summary>The key under a SARIF result's <c>partialFingerprints</c>.</summary>
    public const string Key = "lossAnalyzers/ruleFileLine/v1";

    public static string Of(string ruleId, string relativePath, string lineText)
    {
        var line = string.Join(' ', lineText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{ruleId}\n{relativePath.Replace('\\', '/')}\n{line}"));
        return Convert.ToHexString(bytes).ToLowerInvariant();
    }
}
