namespace LossAnalyzers.Cli;

/// <summary>What the process returns, for CI.</summary>
internal static class ExitCodes
{
    /// <summary>Nothing at or above the <c>--fail-on</c> severity.</summary>
    public const int Clean = 0;

    /// <summary>Findings at or above the <c>--fail-on</c> severity.</summary>
    public const int Findings = 1;

    /// <summary>The path could not be loaded or analyzed, or the command line was wrong.</summary>
    public const int CouldNotAnalyze = 2;
}
