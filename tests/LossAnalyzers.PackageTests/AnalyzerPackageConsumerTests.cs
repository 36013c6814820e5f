using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LossAnalyzers.PackageTests;

/// <summary>
/// The LossAnalyzers package as a user gets it: installed from a feed into a console app, it reports LOSS001 in
/// `dotnet build`, and `dotnet format` applies its fix, after which the app computes the same loss.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class AnalyzerPackageConsumerTests
{
    private readonly PackageFeed feed;
    private readonly ITestOutputHelper log;

    public AnalyzerPackageConsumerTests(PackageFeed feed, ITestOutputHelper log)
    {
        this.feed = feed;
        this.log = log;
    }

    [Fact]
    public void Loss001_is_reported_by_the_build_and_fixed_by_dotnet_format_without_changing_the_loss()
    {
        feed.AssertPacked();
        log.WriteLine($"packed {feed.Version}: {feed.AnalyzerPack.Elapsed.TotalSeconds:F1} s + {feed.RuntimePack.Elapsed.TotalSeconds:F1} s");
        using var consumer = ConsumerProject.Create(feed, ConsumerProject.FindMachinePackages());

        var build = Step("build before the fix", consumer.Build);
        Assert.True(build.Succeeded, build.Describe());
        var expected = consumer.LossInputPosition;
        var loss001 = BuildDiagnostic.Parse(build.Output).Where(d => d.Id == "LOSS001").ToList();
        Assert.True(loss001.Count == 1, $"Expected one LOSS001, found {loss001.Count}.{Environment.NewLine}{build.Describe()}");
        var reported = loss001[0];
        Assert.True(
            reported.Severity == "warning"
            && PathsEqual(reported.Path, consumer.ProgramPath)
            && reported.Line == expected.Line
            && reported.Column == expected.Column,
            $"Expected LOSS001 as a warning at {consumer.ProgramPath}({expected.Line},{expected.Column}), " +
            $"got {reported.Severity} at {reported.Path}({reported.Line},{reported.Column}).{Environment.NewLine}{build.Describe()}");

        var before = Step("run before the fix", consumer.Run);
        var lossBefore = ReadLoss(before);

        var format = Step("dotnet format analyzers", consumer.FormatLoss001);
        Assert.True(format.Succeeded, format.Describe());
        var fixedProgram = consumer.ReadProgram();
        var context = $"{Environment.NewLine}--- Program.cs after the fix ---{Environment.NewLine}{fixedProgram}{Environment.NewLine}{format.Describe()}";
        Assert.True(fixedProgram.Contains("BCEWithLogitsLoss(", StringComparison.Ordinal), "The fix should construct BCEWithLogitsLoss." + context);
        Assert.False(Regex.IsMatch(fixedProgram, @"\bBCELoss\b"), "BCELoss should be gone." + context);
        Assert.False(fixedProgram.Contains("Sigmoid(", StringComparison.Ordinal), "The trailing Sigmoid() layer should be gone." + context);
        Assert.True(fixedProgram.Contains("Linear(4, 1)", StringComparison.Ordinal), "The linear layer must stay." + context);

        var rebuild = Step("build after the fix", consumer.Build);
        Assert.True(rebuild.Succeeded, rebuild.Describe() + context);
        Assert.False(Regex.IsMatch(rebuild.Output, @"\bLOSS\d{3}\b"), "No LOSS diagnostic may remain after the fix." + Environment.NewLine + rebuild.Describe() + context);

        var after = Step("run after the fix", consumer.Run);
        var lossAfter = ReadLoss(after);
        log.WriteLine($"loss before the fix {lossBefore:R}, after {lossAfter:R}");
        Assert.True(
            Math.Abs(lossAfter - lossBefore) <= 1e-6 * Math.Max(Math.Abs(lossBefore), Math.Abs(lossAfter)),
            $"The loss changed with the fix: {lossBefore:R} before, {lossAfter:R} after.{Environment.NewLine}{after.Describe()}{context}");
    }

    private ProcessResult Step(string name, Func<ProcessResult> action) => log.Step(name, action);

    private static double ReadLoss(ProcessResult run)
    {
        Assert.True(run.Succeeded, run.Describe());
        var match = Regex.Match(run.Output, @"^LOSS=(?<value>\S+)\s*$", RegexOptions.Multiline);
        Assert.True(match.Success, "The consumer printed no LOSS= line." + Environment.NewLine + run.Describe());
        Assert.True(
            double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var loss) && double.IsFinite(loss),
            "The printed loss is not a finite number." + Environment.NewLine + run.Describe());
        return loss;
    }

    private static bool PathsEqual(string reported, string expected) =>
        string.Equals(Path.GetFullPath(reported), Path.GetFullPath(expected),
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
