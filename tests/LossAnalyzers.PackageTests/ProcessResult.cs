namespace LossAnalyzers.PackageTests;

/// <summary>What a child process did, with everything needed to understand a failing assertion.</summary>
internal sealed record ProcessResult(
    string CommandLine,
    string WorkingDirectory,
    int ExitCode,
    bool TimedOut,
    TimeSpan Timeout,
    TimeSpan Elapsed,
    string Output)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    public string Describe() =>
        $"`{CommandLine}` in {WorkingDirectory}: " +
        (TimedOut
            ? $"TIMED OUT: killed when it reached its limit of {Timeout.TotalSeconds:F0} s (a hung process, or a machine far slower than expected)"
            : $"exit code {ExitCode} after {Elapsed.TotalSeconds:F1} s") +
        $"{Environment.NewLine}--- output ---{Environment.NewLine}{Output}";
}
