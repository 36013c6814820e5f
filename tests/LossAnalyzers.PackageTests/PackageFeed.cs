namespace LossAnalyzers.PackageTests;

/// <summary>
/// The three packages (analyzers, runtime, command-line tool), packed once per test run into a fresh temporary folder. The version is new on every run, so
/// no NuGet cache anywhere can hand a consumer a stale copy of an earlier build.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    public PackageFeed()
    {
        Version = $"0.1.0-pkgtest.{DateTime.UtcNow.Ticks}";
        Root = Path.Combine(Path.GetTempPath(), $"lossanalyzers-pkgtest-{Guid.NewGuid():N}");
        Directory.CreateDirectory(FeedDirectory);

        // A private artifacts folder: packing with a test version must not rewrite the repository's bin/ and
        // obj/, which the other test projects were built into.
        var artifacts = Path.Combine(Root, "artifacts");
        AnalyzerPack = Pack(Repository.AnalyzerPackageProject, artifacts);
        RuntimePack = Pack(Repository.RuntimeProject, artifacts);
        ToolPack = Pack(Repository.ToolProject, artifacts);
    }

    /// <summary>Everything this run writes; the consumer projects live here too.</summary>
    public string Root { get; }

    public string FeedDirectory => Path.Combine(Root, "feed");

    public string Version { get; }

    public string AnalyzerPackagePath => Path.Combine(FeedDirectory, $"LossAnalyzers.{Version}.nupkg");

    public string RuntimePackagePath => Path.Combine(FeedDirectory, $"LossAnalyzers.Runtime.{Version}.nupkg");

    internal ProcessResult AnalyzerPack { get; }

    internal ProcessResult RuntimePack { get; }

    public string ToolPackagePath => Path.Combine(FeedDirectory, $"LossAnalyzers.Tool.{Version}.nupkg");

    internal ProcessResult ToolPack { get; }

    internal void AssertPacked()
    {
        Assert.True(AnalyzerPack.Succeeded && File.Exists(AnalyzerPackagePath),
            $"Packing LossAnalyzers did not produce {AnalyzerPackagePath}.{Environment.NewLine}{AnalyzerPack.Describe()}");
        Assert.True(RuntimePack.Succeeded && File.Exists(RuntimePackagePath),
            $"Packing LossAnalyzers.Runtime did not produce {RuntimePackagePath}.{Environment.NewLine}{RuntimePack.Describe()}");
    }

    internal void AssertToolPacked() =>
        Assert.True(ToolPack.Succeeded && File.Exists(ToolPackagePath),
            $"Packing LossAnalyzers.Tool did not produce {ToolPackagePath}.{Environment.NewLine}{ToolPack.Describe()}");

    public void Dispose()
    {
        TemporaryFolder.Delete(Root);
    }

    private ProcessResult Pack(string project, string artifacts) =>
        DotNetCli.Run(
            ["pack", project, "-c", "Release", "-o", FeedDirectory, "--artifacts-path", artifacts,
             $"-p:Version={Version}", "-nologo", "-tl:off"],
            Repository.Root,
            ProcessTimeouts.Pack);
}
