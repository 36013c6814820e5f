using System.Xml.Linq;

namespace LossAnalyzers.PackageTests;

/// <summary>The repository these tests were built from: its projects and its central package versions.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string AnalyzerPackageProject =>
        Path.Combine(Root, "src", "LossAnalyzers.Package", "LossAnalyzers.Package.csproj");

    public static string RuntimeProject =>
        Path.Combine(Root, "src", "LossAnalyzers.Runtime", "LossAnalyzers.Runtime.csproj");

    public static string ToolProject =>
        Path.Combine(Root, "src", "LossAnalyzers.Cli", "LossAnalyzers.Cli.csproj");

    public static string Readme => Path.Combine(Root, "README.md");

    /// <summary>
    /// The version Directory.Packages.props pins for a package, so that the consumer project written by the
    /// tests uses the same one as the repository and the version is still written in one place only.
    /// </summary>
    public static string CentralVersion(string packageId)
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Packages.props"));
        var versions = props.Descendants("PackageVersion")
            .Where(p => string.Equals((string?)p.Attribute("Include"), packageId, StringComparison.OrdinalIgnoreCase))
            .Select(p => (string?)p.Attribute("Version"))
            .Distinct()
            .ToList();
        if (versions.Count != 1 || versions[0] is null)
        {
            throw new InvalidOperationException(
                $"Directory.Packages.props should pin exactly one version of {packageId}; found {versions.Count}.");
        }

        return versions[0]!;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LossAnalyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No LossAnalyzers.sln above {AppContext.BaseDirectory}: the package tests run from a build in the repository.");
    }
}
