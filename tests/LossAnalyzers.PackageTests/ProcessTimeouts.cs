namespace LossAnalyzers.PackageTests;

/// <summary>
/// How long each external step may take before it is killed and reported as a timeout. A step takes 10 to 40 s on an
/// idle 2-core machine; the limits leave several times that for a loaded CI machine (a CI run has 90 minutes), so
/// that only a hung process reaches them.
/// </summary>
internal static class ProcessTimeouts
{
    public static readonly TimeSpan Pack = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan Build = TimeSpan.FromMinutes(8);

    public static readonly TimeSpan Format = TimeSpan.FromMinutes(8);

    public static readonly TimeSpan Run = TimeSpan.FromMinutes(3);

    public static readonly TimeSpan Query = TimeSpan.FromMinutes(3);

    /// <summary>One run of the command-line tool: loading the project through MSBuild, analyzing, fixing.</summary>
    public static readonly TimeSpan Tool = TimeSpan.FromMinutes(6);
}
