using Xunit.Abstractions;

namespace LossAnalyzers.PackageTests;

/// <summary>Each external step of a test in its output, with its time and outcome, so a slow or failing run reads step by step.</summary>
internal static class StepLog
{
    public static ProcessResult Step(this ITestOutputHelper log, string name, Func<ProcessResult> action)
    {
        var result = action();
        log.WriteLine($"{name}: {result.Elapsed.TotalSeconds:F1} s, {(result.TimedOut ? "timed out" : $"exit code {result.ExitCode}")}");
        return result;
    }
}
