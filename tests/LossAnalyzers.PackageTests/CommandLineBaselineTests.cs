using System.Text.Json;
using Xunit.Abstractions;

namespace LossAnalyzers.PackageTests;

/// <summary>
/// The tool as CI meets it on a fresh clone: a scan of a never-restored project restores it and reports exactly what
/// <c>dotnet build</c> reports; its SARIF, given back as <c>--baseline</c>, makes the accepted findings "baseline" (exit 0,
/// even after lines are added above them); a mistake added later fails the scan alone, and a finding fixed since is
/// reported gone (<c>absent</c> in SARIF). Every SARIF file passes Microsoft's SARIF Multitool.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class CommandLineBaselineTests
{
    // LOSS001 (sigmoid into BCELoss), LOSS015 (kl_div with TorchSharp's log_target default), LOSS008 (zero class weight).
    private const string Program = """
        using System;
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        public static class Program
        {
            public static void Main()
            {
                var x = torch.randn(8, 4);
                var model = Sequential(Linear(4, 1), Sigmoid());
                var bce = BCELoss().forward(model.forward(x), torch.ones(8, 1));
                var student = Linear(4, 3);
                var teacher = Linear(4, 3);
                var distillation = functional.kl_div(functional.log_softmax(student.forward(x), 1), functional.softmax(teacher.forward(x), 1));
                var zeroWeight = CrossEntropyLoss(weight: torch.tensor(new float[] { 1f, 0f, 2f })).forward(student.forward(x), torch.zeros(8, dtype: ScalarType.Int64));
                //@new
                Console.WriteLine((bce + distillation + zeroWeight).item<float>());
            }
        }

        """;

    private readonly PackageFeed feed;
    private readonly ITestOutputHelper log;

    public CommandLineBaselineTests(PackageFeed feed, ITestOutputHelper log)
    {
        this.feed = feed;
        this.log = log;
    }

    [Fact]
    public void A_baseline_scan_fails_only_on_new_findings()
    {
        feed.AssertToolPacked();
        var tool = InstalledTool.InstallFrom(feed);
        tool.AssertInstalled();
        using var consumer = ConsumerProject.Create(feed, ConsumerProject.FindMachinePackages(), Program);
        Assert.False(Directory.Exists(Path.Combine(consumer.Directory, "obj")), "The consumer starts restored.");

        // A never-restored project: the scan restores it first and finds what the build finds.
        var baselinePath = Path.Combine(consumer.Directory, "baseline.sarif");
        var first = Step("scan --format sarif (never restored)", () => tool.Run(["scan", consumer.ProjectPath, "--format", "sarif", "--output", baselinePath], consumer.Directory, consumer.Environment));
        Assert.True(first.ExitCode == 1, first.Describe());
        var build = Step("build", consumer.Build);
        Assert.True(build.Succeeded, build.Describe());
        var built = BuildDiagnostic.Parse(build.Output).Where(d => d.Id.StartsWith("LOSS", StringComparison.Ordinal))
            .Select(d => $"{d.Id} {Path.GetFileName(d.Path)}:{d.Line}:{d.Column}").OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "LOSS001", "LOSS008", "LOSS015" }, built.Select(b => b.Split(' ')[0]).ToArray());
        Assert.Equal(built, SarifCheck.Results(File.ReadAllText(baselinePath)).Select(r => $"{r.RuleId} {r.Uri}:{r.Line}:{r.Column}").OrderBy(s => s, StringComparer.Ordinal).ToList());
        SarifMultitool.AssertValidWhereInstalled(baselinePath);

        // Lines added above the findings move them, but their rule, file and source line are the same: all baseline.
        File.WriteAllText(consumer.ProgramPath, "// A comment and a blank line added above everything.\n\n" + consumer.OriginalProgram);
        var unchanged = Step("scan --baseline after an edit above", () => tool.Run(["scan", consumer.ProjectPath, "--baseline", baselinePath], consumer.Directory, consumer.Environment));
        Assert.True(unchanged.ExitCode == 0, unchanged.Describe());
        Assert.True(unchanged.Output.Contains("Baseline: 0 new, 3 unchanged, 0 gone.", StringComparison.Ordinal), unchanged.Describe());
        Assert.True(unchanged.Output.Contains("(baseline)", StringComparison.Ordinal), unchanged.Describe());

        // A new mistake, and LOSS015 fixed: exit 1 for the new finding alone; the fixed one is gone.
        var edited = consumer.OriginalProgram
            .Replace("//@new", "var twice = BCELoss().forward(torch.sigmoid(student.forward(x)), torch.ones(8, 3));", StringComparison.Ordinal)
            .Replace("functional.softmax(teacher.forward(x), 1))", "functional.softmax(teacher.forward(x), 1), log_target: false)", StringComparison.Ordinal);
        File.WriteAllText(consumer.ProgramPath, edited);
        var newPath = Path.Combine(consumer.Directory, "new.sarif");
        var next = Step("scan --baseline --format sarif after a new mistake", () => tool.Run(["scan", consumer.ProjectPath, "--baseline", baselinePath, "--format", "sarif", "--output", newPath], consumer.Directory, consumer.Environment));
        Assert.True(next.ExitCode == 1, next.Describe());
        Assert.True(next.Output.Contains("Baseline: 1 new, 2 unchanged, 1 gone.", StringComparison.Ordinal), next.Describe());
        var states = BaselineStates(File.ReadAllText(newPath));
        var newLine = edited.Split('\n').ToList().FindIndex(l => l.Contains("var twice", StringComparison.Ordinal)) + 1;
        Assert.Equal(new[] { $"new LOSS001:{newLine}" }, states.Where(s => s.StartsWith("new ", StringComparison.Ordinal)).ToArray());
        Assert.Equal(new[] { "absent LOSS015", "unchanged LOSS001", "unchanged LOSS008" }, states.Where(s => !s.StartsWith("new ", StringComparison.Ordinal)).Select(s => s.Split(':')[0]).OrderBy(s => s, StringComparer.Ordinal).ToArray());
        SarifMultitool.AssertValidWhereInstalled(newPath);

        // The text report names the new finding as such, the accepted ones as baseline; JSON carries the states too.
        var text = Step("scan --baseline (text)", () => tool.Run(["scan", consumer.ProjectPath, "--baseline", baselinePath, "--no-restore"], consumer.Directory, consumer.Environment));
        Assert.True(text.ExitCode == 1 && text.Output.Contains($"Program.cs:{newLine}:", StringComparison.Ordinal), text.Describe());
        var json = Step("scan --baseline --format json", () => tool.Run(["scan", consumer.ProjectPath, "--baseline", baselinePath, "--format", "json", "--no-restore"], consumer.Directory, consumer.Environment));
        using (var document = JsonDocument.Parse(json.Output[json.Output.IndexOf('{')..(json.Output.LastIndexOf('}') + 1)]))
        {
            var fresh = document.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("baselineState").GetString() == "new").Select(f => f.GetProperty("line").GetInt32()).ToArray();
            Assert.Equal(new[] { newLine }, fresh);
            Assert.Equal(1, document.RootElement.GetProperty("baseline").GetProperty("gone").GetInt32());
        }

        // A file that is not a baseline of this tool is refused, as a command-line mistake.
        var notSarif = Path.Combine(consumer.Directory, "not.sarif");
        File.WriteAllText(notSarif, "{ \"version\": \"2.1.0\" }");
        Assert.Equal(2, Step("scan --baseline of a file without runs", () => tool.Run(["scan", consumer.ProjectPath, "--baseline", notSarif, "--no-restore"], consumer.Directory, consumer.Environment)).ExitCode);
    }

    [SarifMultitoolFact]
    public void The_SARIF_Multitool_reports_an_invalid_log()
    {
        // The check the tests rely on can fail: a log that breaks the schema and GitHub's rules gets errors.
        var folder = Path.Combine(Path.GetTempPath(), $"lossanalyzers-sarif-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var broken = Path.Combine(folder, "broken.sarif");
        // A region starting at line 0 and a rule without shortDescription: the schema's and GitHub's errors.
        File.WriteAllText(broken, """
            { "version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
              "runs": [ { "tool": { "driver": { "name": "LossAnalyzers", "rules": [ { "id": "LOSS001" } ] } },
                          "results": [ { "ruleId": "LOSS001", "ruleIndex": 0, "message": { "text": "x" }, "level": "warning",
                                         "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "Program.cs" }, "region": { "startLine": 0 } } } ] } ] } ] }
            """);
        try
        {
            var errors = SarifMultitool.Errors(broken);
            Assert.Contains(errors, e => e.StartsWith("JSON1008", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.StartsWith("GH2012", StringComparison.Ordinal));
        }
        finally
        {
            TemporaryFolder.Delete(folder);
        }
    }

    /// <summary>"state RULE:line" for every result of a SARIF log.</summary>
    private static List<string> BaselineStates(string sarif)
    {
        using var document = JsonDocument.Parse(sarif);
        return document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => $"{r.GetProperty("baselineState").GetString()} {r.GetProperty("ruleId").GetString()}:{r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()}")
            .ToList();
    }

    private ProcessResult Step(string name, Func<ProcessResult> action) => log.Step(name, action);
}
