using System.Text.Json;
using Xunit.Abstractions;

namespace LossAnalyzers.PackageTests;

/// <summary>
/// The <c>lossanalyzers</c> tool, packed and installed from the local feed, on a TorchSharp console app with known
/// mistakes: <c>scan</c> reports exactly what <c>dotnet build</c> with the package reports (text and SARIF 2.1.0),
/// exit codes follow <c>--fail-on</c> (0 clean, 1 findings, 2 cannot load), <c>fix --dry-run</c> prints the diff and
/// writes nothing, <c>fix</c> writes the fixes so the project builds with only the fix-less finding left; and the
/// severity presets fail a build (<c>errors</c>) or show the Info rules (<c>strict</c>, also <c>scan --mode strict</c>).
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class CommandLineToolTests
{
    // LOSS001 (sigmoid into BCELoss), LOSS015 (softmax target with TorchSharp's default log_target), LOSS018 (Int32
    // labels, guarded so the program still runs), LOSS008 (a zero class weight, no fix), and LOSS016/LOSS017 (Info).
    private const string Program = """
        using System;
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        public static class Program
        {
            public static void Main()
            {
                torch.manual_seed(3);
                var x = torch.randn(8, 4);
                var model = Sequential(Linear(4, 1), Sigmoid());
                var bce = BCELoss().forward(model.forward(x), torch.ones(8, 1));

                var student = Linear(4, 3);
                var teacher = Linear(4, 3);
                var distillation = functional.kl_div(functional.log_softmax(student.forward(x), 1), functional.softmax(teacher.forward(x), 1));

                var zeroWeight = CrossEntropyLoss(weight: torch.tensor(new float[] { 1f, 0f, 2f })).forward(student.forward(x), torch.zeros(8, dtype: ScalarType.Int64));

                var shares = torch.rand(8, 3);
                var unknownTarget = KLDivLoss(reduction: Reduction.Sum).forward(student.forward(x).log_softmax(1), shares) / x.shape[0];

                var total = bce + distillation + zeroWeight + unknownTarget;
                if (Environment.GetEnvironmentVariable("INT32_LABELS") == "1")
                {
                    total += CrossEntropyLoss().forward(student.forward(x), torch.tensor(new int[] { 0, 1, 2, 0, 1, 2, 0, 1 }));
                }

                Console.WriteLine("LOSS=" + total.item<float>().ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        """;

    private const string CleanProgram = """
        using System;
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        public static class Program
        {
            public static void Main()
            {
                var model = Linear(4, 1);
                var loss = BCEWithLogitsLoss().forward(model.forward(torch.randn(8, 4)), torch.ones(8, 1));
                Console.WriteLine("LOSS=" + loss.item<float>());
            }
        }

        """;

    private readonly PackageFeed feed;
    private readonly ITestOutputHelper log;

    public CommandLineToolTests(PackageFeed feed, ITestOutputHelper log)
    {
        this.feed = feed;
        this.log = log;
    }

    [Fact]
    public void Scan_reports_what_the_build_reports_and_fix_applies_the_package_fixes()
    {
        feed.AssertToolPacked();
        var tool = InstalledTool.InstallFrom(feed);
        tool.AssertInstalled();
        using var consumer = ConsumerProject.Create(feed, ConsumerProject.FindMachinePackages(), Program);
        var build = Step("build", consumer.Build);
        Assert.True(build.Succeeded, build.Describe());
        var built = BuildDiagnostic.Parse(build.Output).Where(d => d.Id.StartsWith("LOSS", StringComparison.Ordinal))
            .Select(d => $"{d.Id} {Path.GetFileName(d.Path)}:{d.Line}:{d.Column} {d.Severity}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(new[] { "LOSS001", "LOSS008", "LOSS015", "LOSS018" }, built.Select(b => b.Split(' ')[0]).ToArray());

        // Text: every finding with its place and help link, the summary; exit code 1 for warnings.
        var text = Step("scan", () => tool.Run(["scan", consumer.ProjectPath], consumer.Directory, consumer.Environment));
        Assert.True(text.ExitCode == 1, text.Describe());
        foreach (var finding in built)
        {
            var parts = finding.Split(' ');
            Assert.True(text.Output.Contains(parts[1], StringComparison.Ordinal) && text.Output.Contains($"docs/rules/{parts[0]}.md", StringComparison.Ordinal),
                $"The text report lacks {finding}.{Environment.NewLine}{text.Describe()}");
        }

        // SARIF: the same findings as the build, structurally 2.1.0.
        var sarifPath = Path.Combine(consumer.Directory, "scan.sarif");
        var sarif = Step("scan --format sarif", () => tool.Run(["scan", consumer.Directory, "--format", "sarif", "--output", sarifPath], consumer.Directory, consumer.Environment));
        Assert.True(sarif.ExitCode == 1, sarif.Describe());
        var scanned = SarifCheck.Results(File.ReadAllText(sarifPath))
            .Select(r => $"{r.RuleId} {r.Uri}:{r.Line}:{r.Column} {r.Level}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(built, scanned);
        SarifMultitool.AssertValidWhereInstalled(sarifPath);

        // JSON as well, for scripts.
        var json = Step("scan --format json", () => tool.Run(["scan", consumer.ProjectPath, "--format", "json"], consumer.Directory, consumer.Environment));
        using (var document = JsonDocument.Parse(JsonStart(json.Output)))
        {
            Assert.Equal(built.Count, document.RootElement.GetProperty("findings").GetArrayLength());
        }

        // Exit codes: --fail-on never, --fail-on error, unknown rule, missing path.
        Assert.Equal(0, Step("scan --fail-on never", () => tool.Run(["scan", consumer.ProjectPath, "--fail-on", "never"], consumer.Directory, consumer.Environment)).ExitCode);
        Assert.Equal(0, Step("scan --fail-on error", () => tool.Run(["scan", consumer.ProjectPath, "--fail-on", "error"], consumer.Directory, consumer.Environment)).ExitCode);
        var onlyOne = Step("scan --rules LOSS008", () => tool.Run(["scan", consumer.ProjectPath, "--rules", "LOSS008", "--format", "json"], consumer.Directory, consumer.Environment));
        Assert.Equal(1, onlyOne.ExitCode);
        using (var document = JsonDocument.Parse(JsonStart(onlyOne.Output)))
        {
            Assert.All(document.RootElement.GetProperty("findings").EnumerateArray(), f => Assert.Equal("LOSS008", f.GetProperty("id").GetString()));
        }

        Assert.Equal(2, Step("scan --rules LOSS999", () => tool.Run(["scan", consumer.ProjectPath, "--rules", "LOSS999"], consumer.Directory, consumer.Environment)).ExitCode);
        var missing = Step("scan of a missing path", () => tool.Run(["scan", Path.Combine(consumer.Directory, "missing.csproj")], consumer.Directory, consumer.Environment));
        Assert.True(missing.ExitCode == 2 && !missing.Output.Contains("   at ", StringComparison.Ordinal), missing.Describe());

        // --mode strict: the Info rules show as warnings, as LossAnalyzersMode=strict does in a build.
        var strict = Step("scan --mode strict", () => tool.Run(["scan", consumer.ProjectPath, "--mode", "strict", "--format", "json"], consumer.Directory, consumer.Environment));
        using (var document = JsonDocument.Parse(JsonStart(strict.Output)))
        {
            var ids = document.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToHashSet();
            Assert.True(ids.SetEquals(new[] { "LOSS001", "LOSS008", "LOSS015", "LOSS016", "LOSS017", "LOSS018" }), $"strict: {string.Join(", ", ids)}{Environment.NewLine}{strict.Describe()}");
        }

        // fix --dry-run: the diff, and no file changed.
        var dryRun = Step("fix --dry-run", () => tool.Run(["fix", consumer.ProjectPath, "--dry-run"], consumer.Directory, consumer.Environment));
        Assert.True(dryRun.Output.Contains("--- a/Program.cs", StringComparison.Ordinal) && dryRun.Output.Contains("+++ b/Program.cs", StringComparison.Ordinal), dryRun.Describe());
        Assert.Equal(consumer.OriginalProgram, consumer.ReadProgram());

        // fix: the files change, the project builds, and only the fix-less LOSS008 remains.
        var fix = Step("fix", () => tool.Run(["fix", consumer.ProjectPath], consumer.Directory, consumer.Environment));
        Assert.True(fix.ExitCode == 1 && fix.Output.Contains("LOSS008", StringComparison.Ordinal), fix.Describe());
        var fixedProgram = consumer.ReadProgram();
        var context = $"{Environment.NewLine}--- Program.cs after the fix ---{Environment.NewLine}{fixedProgram}{Environment.NewLine}{fix.Describe()}";
        Assert.True(fixedProgram.Contains("log_target: false", StringComparison.Ordinal), "LOSS015's fix is missing." + context);
        Assert.True(fixedProgram.Contains(".to_type(ScalarType.Int64)", StringComparison.Ordinal), "LOSS018's fix is missing." + context);
        Assert.False(fixedProgram.Contains("Sigmoid()", StringComparison.Ordinal), "LOSS001's fix is missing." + context);
        var rebuild = Step("build after fix", consumer.Build);
        Assert.True(rebuild.Succeeded, rebuild.Describe() + context);
        var left = BuildDiagnostic.Parse(rebuild.Output).Where(d => d.Id.StartsWith("LOSS", StringComparison.Ordinal)).Select(d => d.Id).ToList();
        Assert.True(left.SequenceEqual(new[] { "LOSS008" }), $"After the fix: {string.Join(", ", left)}{context}");

        // The same fixes as `dotnet format analyzers` on a twin of the project.
        using var twin = ConsumerProject.Create(feed, ConsumerProject.FindMachinePackages(), Program);
        Assert.True(Step("build twin", twin.Build).Succeeded);
        var format = Step("dotnet format analyzers on the twin", () => twin.Format("LOSS001", "LOSS008", "LOSS015", "LOSS018"));
        Assert.True(format.Succeeded, format.Describe());
        Assert.True(twin.ReadProgram() == fixedProgram, $"dotnet format wrote:{Environment.NewLine}{twin.ReadProgram()}{context}");
    }

    [Fact]
    public void A_clean_project_exits_0_and_rules_lists_every_rule()
    {
        feed.AssertToolPacked();
        var tool = InstalledTool.InstallFrom(feed);
        tool.AssertInstalled();
        using var consumer = ConsumerProject.Create(feed, ConsumerProject.FindMachinePackages(), CleanProgram);

        // Never restored (no obj/): --no-restore cannot resolve TorchSharp, and the tool says so instead of reporting a
        // clean project; without it the tool restores first, as dotnet build does.
        var unrestored = Step("scan --no-restore before any restore", () => tool.Run(["scan", consumer.ProjectPath, "--no-restore"], consumer.Directory, consumer.Environment));
        Assert.True(unrestored.ExitCode == 2 && unrestored.Output.Contains("dotnet restore", StringComparison.Ordinal), unrestored.Describe());
        Assert.False(File.Exists(Path.Combine(consumer.Directory, "obj", "project.assets.json")), "--no-restore restored the project.");

        var scan = Step("scan (restores first)", () => tool.Run(["scan", consumer.Directory], consumer.Directory, consumer.Environment));
        Assert.True(scan.ExitCode == 0 && scan.Output.Contains("0 finding(s) in 1 project(s)", StringComparison.Ordinal), scan.Describe());
        Assert.True(File.Exists(Path.Combine(consumer.Directory, "obj", "project.assets.json")), "scan did not restore the project.");

        // A restore that fails: exit 2 with MSBuild's own error line.
        var broken = Path.Combine(consumer.Directory, "broken");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "Broken.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");
        var failedRestore = Step("scan of a project that does not restore", () => tool.Run(["scan", broken], consumer.Directory, consumer.Environment));
        Assert.True(failedRestore.ExitCode == 2 && failedRestore.Output.Contains("`dotnet restore Broken.csproj` failed", StringComparison.Ordinal)
            && failedRestore.Output.Contains("error MSB", StringComparison.Ordinal), failedRestore.Describe());

        var rules = Step("rules", () => tool.Run(["rules"], consumer.Directory));
        Assert.True(rules.Succeeded, rules.Describe());
        // Every rule has its page (the analyzer tests hold each descriptor to one): the tool lists each of them.
        var documented = Directory.GetFiles(Path.Combine(Repository.Root, "docs", "rules"), "LOSS*.md").Select(path => Path.GetFileNameWithoutExtension(path)!).ToArray();
        Assert.True(documented.Length >= 24, $"docs/rules has {documented.Length} rule pages");
        foreach (var id in documented)
        {
            Assert.True(rules.Output.Contains(id, StringComparison.Ordinal) && rules.Output.Contains($"docs/rules/{id}.md", StringComparison.Ordinal), $"`rules` lacks {id}.{Environment.NewLine}{rules.Describe()}");
        }
    }

    [Fact]
    public void The_errors_preset_fails_the_build_and_strict_prints_the_info_rules()
    {
        feed.AssertPacked();
        var machine = ConsumerProject.FindMachinePackages();
        using var errors = ConsumerProject.Create(feed, machine, Program, new Dictionary<string, string> { ["LossAnalyzersMode"] = "errors" });
        var failed = Step("build with LossAnalyzersMode=errors", errors.Build);
        Assert.False(failed.Succeeded, failed.Describe());
        Assert.Contains(BuildDiagnostic.Parse(failed.Output), d => d.Id == "LOSS001" && d.Severity == "error");

        using var strict = ConsumerProject.Create(feed, machine, Program, new Dictionary<string, string> { ["LossAnalyzersMode"] = "strict" });
        var warned = Step("build with LossAnalyzersMode=strict", strict.Build);
        Assert.True(warned.Succeeded, warned.Describe());
        var ids = BuildDiagnostic.Parse(warned.Output).Where(d => d.Id.StartsWith("LOSS", StringComparison.Ordinal) && d.Severity == "warning").Select(d => d.Id).ToHashSet();
        Assert.True(ids.SetEquals(new[] { "LOSS001", "LOSS008", "LOSS015", "LOSS016", "LOSS017", "LOSS018" }), $"strict build: {string.Join(", ", ids)}{Environment.NewLine}{warned.Describe()}");
    }

    /// <summary>The JSON document in an output that may start with progress lines on stderr.</summary>
    private static string JsonStart(string output)
    {
        var start = output.IndexOf("{\n", StringComparison.Ordinal) is var lf and >= 0 ? lf : output.IndexOf('{');
        var end = output.LastIndexOf('}');
        Assert.True(start >= 0 && end > start, $"No JSON document in:{Environment.NewLine}{output}");
        return output[start..(end + 1)];
    }

    private ProcessResult Step(string name, Func<ProcessResult> action) => log.Step(name, action);
}
