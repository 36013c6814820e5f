namespace LossAnalyzers.PackageTests;

/// <summary>What a child process did, with everything needed to understand a failing assertion.</summary>
internal sealed record ProcessResult(
    string CommandLine,
    string WorkingDirectory,
    int ExitCode,
    bool TimedOut,
    TimeSpan Elapsed,
    string Output)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    public string Describe() =>
        $"`{CommandLine}` in {WorkingDirectory}: " +
        (TimedOut ? "killed after its timeout" : $"exit code {ExitCode}") +
        $" after {Elapsed.TotalSeconds:F1} s{Environment.NewLine}--- output ---{Environment.NewLine}{Output}";
}
