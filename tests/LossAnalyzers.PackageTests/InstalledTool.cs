using System.Xml.Linq;

namespace LossAnalyzers.PackageTests;

/// <summary>
/// The <c>lossanalyzers</c> .NET tool as a user gets it: installed with <c>dotnet tool install --tool-path</c> from the
/// packed feed (and nothing else), run through its own command shim.
/// </summary>
internal sealed class InstalledTool
{
    private InstalledTool(string directory, ProcessResult install)
    {
        Directory = directory;
        Install = install;
    }

    public string Directory { get; }

    public ProcessResult Install { get; }

    private string Command => Path.Combine(Directory, OperatingSystem.IsWindows() ? "lossanalyzers.exe" : "lossanalyzers");

    public static InstalledTool InstallFrom(PackageFeed feed)
    {
        var directory = Path.Combine(feed.Root, $"tool-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "nuget.config");
        new XDocument(
            new XElement("configuration",
                new XElement("packageSources",
                    new XElement("clear"),
                    new XElement("add", new XAttribute("key", "lossanalyzers-test-feed"), new XAttribute("value", feed.FeedDirectory)))))
            .Save(config);
        var install = DotNetCli.Run(
            ["tool", "install", "LossAnalyzers.Tool", "--tool-path", directory, "--version", feed.Version, "--configfile", config],
            directory,
            ProcessTimeouts.Query);
        return new InstalledTool(directory, install);
    }

    public void AssertInstalled() =>
        Assert.True(Install.Succeeded && File.Exists(Command), $"`dotnet tool install` did not install {Command}.{Environment.NewLine}{Install.Describe()}");

    /// <summary>Runs the tool the way a shell would, with the consumer's package folder so it sees the same restore.</summary>
    public ProcessResult Run(IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = DotNetCli.IsolatedEnvironment(environment);
        // The shim finds the runtime next to the dotnet that runs these tests.
        variables["DOTNET_ROOT"] = DotNetRoot();
        return ExternalProcess.Run(Command, arguments, workingDirectory, ProcessTimeouts.Tool, variables);
    }

    private static string DotNetRoot()
    {
        var host = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (host is { Length: > 0 } && File.Exists(host))
        {
            return Path.GetDirectoryName(Path.GetFullPath(host))!;
        }

        // The runtime running these tests lives in <root>/shared/Microsoft.NETCore.App/<version>/.
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
    }
}
