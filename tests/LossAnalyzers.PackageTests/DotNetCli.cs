namespace LossAnalyzers.PackageTests;

/// <summary>The dotnet CLI as a user runs it, isolated from the test host that launched these tests.</summary>
internal static class DotNetCli
{
    /// <summary>The host running these tests, so the child uses the same SDK installation.</summary>
    private static string Executable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : "dotnet";

    public static ProcessResult Run(
        IReadOnlyList<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null) =>
        ExternalProcess.Run(Executable, arguments, workingDirectory, timeout, IsolatedEnvironment(environment));

    /// <summary>The environment of a child that runs the SDK (dotnet or a tool that loads MSBuild) as a user would.</summary>
    public static Dictionary<string, string?> IsolatedEnvironment(IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            // English messages, because the assertions read the build output.
            ["DOTNET_CLI_UI_LANGUAGE"] = "en",
            // No MSBuild worker nodes or MSBuild server may outlive the test.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        };

        // `dotnet test` runs us under MSBuild and leaves variables that would point a child CLI at the parent's
        // MSBuild and SDK resolver state instead of its own.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && !variables.ContainsKey(name))
            {
                variables[name] = null;
            }
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return variables;
    }
}
