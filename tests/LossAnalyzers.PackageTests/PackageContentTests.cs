namespace LossAnalyzers.PackageTests;

/// <summary>What each package holds and declares, checked on the packed files themselves.</summary>
[Collection(PackagesCollection.Name)]
public sealed class PackageContentTests
{
    private readonly PackageFeed feed;

    public PackageContentTests(PackageFeed feed)
    {
        this.feed = feed;
    }

    [Fact]
    public void Analyzer_package_holds_both_roslyn_dlls_under_analyzers_only_and_is_a_development_dependency()
    {
        feed.AssertPacked();
        var package = NupkgContents.Read(feed.AnalyzerPackagePath);
        var listing = package.Describe();

        Assert.True(package.Value("id") == "LossAnalyzers", listing);
        Assert.True(package.Value("version") == feed.Version, listing);
        Assert.Contains("analyzers/dotnet/cs/LossAnalyzers.dll", package.Entries);
        Assert.Contains("analyzers/dotnet/cs/LossAnalyzers.CodeFixes.dll", package.Entries);
        // The DLLs are compiler plug-ins: nothing may be compiled against them or copied to the app's output.
        Assert.True(!package.Entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal)), listing);
        Assert.True(package.Value("developmentDependency") == "true", listing);
        // Roslyn is the host's: a dependency on Microsoft.CodeAnalysis would drag an old compiler into apps.
        Assert.True(package.DependencyIds().Count == 0, listing);
        AssertCommonMetadata(package);
    }

    [Fact]
    public void Runtime_package_depends_on_torchsharp_not_on_a_backend()
    {
        feed.AssertPacked();
        var package = NupkgContents.Read(feed.RuntimePackagePath);
        var listing = package.Describe();

        Assert.True(package.Value("id") == "LossAnalyzers.Runtime", listing);
        Assert.True(package.Value("version") == feed.Version, listing);
        Assert.True(package.Entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith("/LossAnalyzers.Runtime.dll", StringComparison.Ordinal)), listing);
        var dependencies = package.DependencyIds();
        Assert.True(dependencies.Any(d => d.Id == "TorchSharp" && d.Version == Repository.CentralVersion("TorchSharp")), listing);
        // The application chooses libtorch (CPU or a CUDA build); the library must not choose for it.
        Assert.True(!dependencies.Any(d => d.Id.StartsWith("TorchSharp-", StringComparison.OrdinalIgnoreCase) || d.Id.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)), listing);
        AssertCommonMetadata(package);
    }

    [Fact]
    public void Tool_package_carries_its_own_readme_with_the_exit_codes_and_the_baseline()
    {
        feed.AssertToolPacked();
        var package = NupkgContents.Read(feed.ToolPackagePath);
        AssertCommonMetadata(package);
        using var archive = System.IO.Compression.ZipFile.OpenRead(feed.ToolPackagePath);
        using var reader = new StreamReader(archive.GetEntry("README.md")!.Open());
        var readme = reader.ReadToEnd();
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "src", "LossAnalyzers.Cli", "README.md")), readme);
        foreach (var needed in new[] { "## Exit codes", "--baseline", "baselineState", "--no-restore" })
        {
            Assert.True(readme.Contains(needed, StringComparison.Ordinal), $"The tool's README lacks '{needed}'.");
        }
    }

    private static void AssertCommonMetadata(NupkgContents package)
    {
        var listing = package.Describe();
        Assert.True(package.Element("license") is { } license && (string?)license.Attribute("type") == "expression" && license.Value == "MIT", listing);
        Assert.Contains("LICENSE", package.Entries);
        Assert.True(!string.IsNullOrWhiteSpace(package.Value("description")), listing);
        Assert.True(!string.IsNullOrWhiteSpace(package.Value("tags")), listing);
        Assert.True(package.Element("repository") is { } repository
            && (string?)repository.Attribute("type") == "git"
            && ((string?)repository.Attribute("url"))?.StartsWith("https://", StringComparison.Ordinal) == true, listing);
        if (File.Exists(Repository.Readme))
        {
            Assert.True(package.Value("readme") == "README.md", listing);
            Assert.Contains("README.md", package.Entries);
        }
    }
}
