using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LossAnalyzers.Cli.Analysis;

/// <summary>
/// The severity presets the package ships (<c>recommended</c>, <c>strict</c>, <c>errors</c>), embedded from the same
/// files, so <c>scan --mode strict</c> sees what a build with <c>LossAnalyzersMode=strict</c> sees.
/// </summary>
internal static class Presets
{
    public static IReadOnlyList<string> Names { get; } = new[] { "recommended", "strict", "errors" };

    /// <summary>The solution with the preset added to every project as a global analyzer config; the solution itself for no mode.</summary>
    public static Solution Apply(Solution solution, string? mode)
    {
        if (string.IsNullOrEmpty(mode))
        {
            return solution;
        }

        var text = Read(mode);
        foreach (var projectId in solution.ProjectIds)
        {
            var project = solution.GetProject(projectId)!;
            var folder = Path.GetDirectoryName(project.FilePath) ?? Path.GetTempPath();
            var path = Path.Combine(folder, $"lossanalyzers.{mode}.globalconfig");
            solution = project.AddAnalyzerConfigDocument(Path.GetFileName(path), SourceText.From(text), filePath: path).Project.Solution;
        }

        return solution;
    }

    public static string Read(string mode)
    {
        using var stream = typeof(Presets).Assembly.GetManifestResourceStream($"presets/{mode}.globalconfig")
                           ?? throw new ArgumentException($"'{mode}' is not a preset: use {string.Join(", ", Names)}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
