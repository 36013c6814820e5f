using System.Xml.Linq;

namespace LossAnalyzers.PackageTests;

/// <summary>
/// A TorchSharp user's console app, written to a temp folder, that references only the packed LossAnalyzers
/// package and TorchSharp-cpu, and makes the LOSS001 mistake: a Sequential ending in Sigmoid() fed to BCELoss.
/// </summary>
internal sealed class ConsumerProject : IDisposable
{
    /// <summary>The loss's input argument, where LOSS001 is reported.</summary>
    public const string LossInput = "model.forward(x)";

    private const string AssemblyName = "Consumer";

    // Fixed seed and fixed data: the loss value must be the same before and after the fix.
    private const string ProgramSource = """
        using System;
        using System.Globalization;
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        public static class Program
        {
            public static void Main()
            {
                torch.manual_seed(42);
                var model = Sequential(("fc", Linear(4, 1)), ("sigmoid", Sigmoid()));
                var x = torch.tensor(new float[]
                {
                    0.5f, -1.0f, 0.25f, 2.0f,
                    -0.75f, 0.1f, 1.5f, -0.3f,
                    1.2f, 0.8f, -1.1f, 0.05f,
                    -0.4f, -0.6f, 0.9f, 1.7f,
                }, new long[] { 4, 4 });
                var y = torch.tensor(new float[] { 1f, 0f, 1f, 0f }, new long[] { 4, 1 });
                var criterion = BCELoss();
                var loss = criterion.forward(model.forward(x), y);
                Console.WriteLine("LOSS=" + loss.item<float>().ToString("R", CultureInfo.InvariantCulture));
            }
        }

        """;

    private ConsumerProject(string directory, string program)
    {
        Directory = directory;
        OriginalProgram = program.ReplaceLineEndings("\n");
    }

    public string Directory { get; }

    public string ProjectPath => Path.Combine(Directory, $"{AssemblyName}.csproj");

    public string ProgramPath => Path.Combine(Directory, "Program.cs");

    public string OriginalProgram { get; }

    /// <summary>A package folder of its own, so the test version never lands in the machine's cache.</summary>
    private string PackagesDirectory => Path.Combine(Directory, ".packages");

    private string OutputAssembly => Path.Combine(Directory, "bin", "Debug", "net10.0", $"{AssemblyName}.dll");

    internal Dictionary<string, string?> Environment => new() { ["NUGET_PACKAGES"] = PackagesDirectory };

    /// <summary>1-based line and column of <see cref="LossInput"/> in the program as written.</summary>
    public (int Line, int Column) LossInputPosition
    {
        get
        {
            var lines = OriginalProgram.Split('\n');
            var hits = lines
                .Select((text, index) => (text, index))
                .Where(l => l.text.Contains($"criterion.forward({LossInput}", StringComparison.Ordinal))
                .ToList();
            Assert.Single(hits);
            return (hits[0].index + 1, hits[0].text.IndexOf(LossInput, StringComparison.Ordinal) + 1);
        }
    }

    /// <param name="program">The consumer's Program.cs; by default the LOSS001 program above.</param>
    /// <param name="properties">More MSBuild properties for the project (<c>LossAnalyzersMode</c>, say).</param>
    public static ConsumerProject Create(PackageFeed feed, string machinePackages, string program = ProgramSource, IReadOnlyDictionary<string, string>? properties = null)
    {
        var consumer = new ConsumerProject(Path.Combine(feed.Root, $"consumer-{Guid.NewGuid():N}"), program);
        System.IO.Directory.CreateDirectory(consumer.Directory);

        new XDocument(
            new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk"),
                new XElement("PropertyGroup",
                    new XElement("OutputType", "Exe"),
                    new XElement("TargetFramework", "net10.0"),
                    new XElement("AssemblyName", AssemblyName),
                    new XElement("Nullable", "enable"),
                    // The NuGet source here resolves slightly newer TorchSharp dependencies than it asks for.
                    new XElement("NoWarn", "$(NoWarn);NU1603"),
                    (properties ?? new Dictionary<string, string>()).Select(p => new XElement(p.Key, p.Value))),
                new XElement("ItemGroup",
                    PackageReference("LossAnalyzers", feed.Version),
                    PackageReference("TorchSharp-cpu", Repository.CentralVersion("TorchSharp-cpu")))))
            .Save(consumer.ProjectPath);

        // The packed feed first; the machine's package folder as a fallback so libtorch is not fetched again.
        new XDocument(
            new XElement("configuration",
                new XElement("packageSources",
                    new XElement("clear"),
                    Add("lossanalyzers-test-feed", feed.FeedDirectory),
                    Add("nuget.org", "https://api.nuget.org/v3/index.json")),
                new XElement("fallbackPackageFolders",
                    Add("machine", machinePackages))))
            .Save(Path.Combine(consumer.Directory, "nuget.config"));

        File.WriteAllText(consumer.ProgramPath, consumer.OriginalProgram);
        return consumer;
    }

    /// <summary>The machine's global packages folder, as NuGet itself reports it.</summary>
    public static string FindMachinePackages()
    {
        var result = DotNetCli.Run(["nuget", "locals", "global-packages", "--list"], Path.GetTempPath(), ProcessTimeouts.Query);
        Assert.True(result.Succeeded, result.Describe());
        const string prefix = "global-packages:";
        var line = result.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"No '{prefix}' line.{System.Environment.NewLine}{result.Describe()}");
        return line![prefix.Length..].Trim();
    }

    /// <summary>A full compile: an up-to-date build skips the compiler and prints no analyzer warnings.</summary>
    public ProcessResult Build() =>
        DotNetCli.Run(["build", ProjectPath, "--no-incremental", "-nologo", "-tl:off"], Directory, ProcessTimeouts.Build, Environment);

    public ProcessResult Run()
    {
        Assert.True(File.Exists(OutputAssembly), $"The consumer was not built to {OutputAssembly}.");
        return DotNetCli.Run([OutputAssembly], Directory, ProcessTimeouts.Run, Environment);
    }

    public ProcessResult FormatLoss001() => Format("LOSS001");

    /// <summary><c>dotnet format analyzers</c> for the given rules, as a user runs it: every fix of a rule in one batch.</summary>
    public ProcessResult Format(params string[] ids) =>
        DotNetCli.Run(["format", "analyzers", ProjectPath, "--diagnostics", .. ids, "--verbosity", "detailed"],
            Directory, ProcessTimeouts.Format, Environment);

    public string ReadProgram() => File.ReadAllText(ProgramPath);

    public void Dispose()
    {
        TemporaryFolder.Delete(Directory);
    }

    private static XElement PackageReference(string id, string version) =>
        new("PackageReference", new XAttribute("Include", id), new XAttribute("Version", version));

    private static XElement Add(string key, string value) =>
        new("add", new XAttribute("key", key), new XAttribute("value", value));
}
