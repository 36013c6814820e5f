using System.Collections.Immutable;
using LossAnalyzers.Cli.Analysis;
using LossAnalyzers.Cli.Loading;
using Microsoft.CodeAnalysis;
using Spectre.Console;

namespace LossAnalyzers.Cli.Commands;

/// <summary>
/// What a scan or fix works on once the command line is checked and the path is loaded: the solution (with the preset
/// applied), the rules asked for, and the consoles (progress and errors go to stderr, so stdout holds only the report).
/// </summary>
internal sealed class Session : IDisposable
{
    private Session(ProjectPath path, WorkspaceLoader.Loaded loaded, PackageRules rules, ImmutableHashSet<string> selected, DiagnosticSeverity minimum, string? mode)
    {
        Path = path;
        Loaded = loaded;
        Rules = rules;
        Selected = selected;
        Minimum = minimum;
        Mode = mode;
    }

    public static IAnsiConsole Errors { get; } = CreateErrors();

    public ProjectPath Path { get; }

    public WorkspaceLoader.Loaded Loaded { get; }

    public PackageRules Rules { get; }

    public ImmutableHashSet<string> Selected { get; }

    public DiagnosticSeverity Minimum { get; }

    public string? Mode { get; }

    public Solution Solution => Presets.Apply(Loaded.Solution, Mode);

    public SolutionAnalysis Analysis => new(Rules, Path.Root);

    /// <summary>Checks the options, loads the path; null (with the reason printed) when that is not possible.</summary>
    public static async Task<Session?> OpenAsync(CommonSettings settings, CancellationToken cancellationToken)
    {
        var rules = PackageRules.Load();
        if (!rules.TrySelect(settings.Rules, out var selected, out var problem)
            || !TryCheck(settings, out problem)
            || !ProjectPath.TryResolve(settings.Path, out var path, out problem))
        {
            Fail(problem);
            return null;
        }

        SeverityLevel.TryParse(settings.Severity, allowNever: false, out var minimum);
        if (!settings.NoRestore && await Restore.RunAsync(path, cancellationToken) is { } restoreFailed)
        {
            Fail(restoreFailed);
            return null;
        }

        WorkspaceLoader.Loaded? loaded = null;
        await Errors.Status().StartAsync($"Loading {System.IO.Path.GetFileName(path.FullPath)}", async context =>
        {
            loaded = await WorkspaceLoader.LoadAsync(path, step => context.Status(Markup.Escape(step)), cancellationToken);
        });

        // MSBuildWorkspace reports every MSBuild warning of the design-time build as a failure: show them, and decide
        // from what was loaded whether the analysis can be trusted.
        foreach (var message in loaded!.Failures.Distinct())
        {
            Errors.MarkupLine($"[grey]MSBuild: {Markup.Escape(message)}[/]");
        }

        var csharp = loaded.Solution.Projects.Where(p => p.Language == LanguageNames.CSharp).ToList();
        var unloaded = csharp.Where(p => !p.MetadataReferences.Any()).Select(p => p.Name).ToList();
        if (csharp.Count == 0 || unloaded.Count > 0)
        {
            Fail(csharp.Count == 0
                ? $"no C# project could be loaded from {System.IO.Path.GetFileName(path.FullPath)}" + (loaded.Failures.Count > 0 ? " (see MSBuild's messages above)." : ".")
                : $"MSBuild could not evaluate {string.Join(", ", unloaded)} (no references resolved; see MSBuild's messages above). Check that the project restores and builds" + (settings.NoRestore ? " (--no-restore was given: run `dotnet restore` first)." : "."));
            loaded.Workspace.Dispose();
            return null;
        }

        return new Session(path, loaded, rules, selected, minimum!.Value, settings.Mode?.ToLowerInvariant());
    }

    /// <summary>Analyzes the current solution with progress on stderr.</summary>
    public async Task<SolutionAnalysis.Result> AnalyzeAsync(Solution solution, ImmutableHashSet<string> rules, CancellationToken cancellationToken)
    {
        SolutionAnalysis.Result? result = null;
        await Errors.Status().StartAsync("Analyzing", async context =>
        {
            result = await Analysis.RunAsync(solution, rules, Minimum, step => context.Status(Markup.Escape(step)), cancellationToken);
        });
        return result!;
    }

    /// <summary>Prints why the analysis could not be done, or is not complete; true when there was nothing to print.</summary>
    public static bool ReportProblems(SolutionAnalysis.Result result)
    {
        foreach (var problem in result.Problems)
        {
            Fail(problem);
        }

        return result.Problems.Count == 0;
    }

    public static void Fail(string problem) => Errors.MarkupLine($"[red]lossanalyzers:[/] {Markup.Escape(problem)}");

    public void Dispose() => Loaded.Workspace.Dispose();

    private static IAnsiConsole CreateErrors()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
        {
            console.Profile.Width = 240;
        }

        return console;
    }

    private static bool TryCheck(CommonSettings settings, out string problem)
    {
        problem = string.Empty;
        if (!SeverityLevel.TryParse(settings.Severity, allowNever: false, out _))
        {
            problem = $"--severity '{settings.Severity}' is not one of info, warning, error.";
        }
        else if (settings.Mode is { } mode && !Presets.Names.Contains(mode.ToLowerInvariant()))
        {
            problem = $"--mode '{mode}' is not one of {string.Join(", ", Presets.Names)}.";
        }
        else if (settings is ScanSettings scan && !SeverityLevel.TryParse(scan.FailOn, allowNever: true, out _))
        {
            problem = $"--fail-on '{scan.FailOn}' is not one of info, warning, error, never.";
        }
        else if (settings is ScanSettings { Format: var format } && format.ToLowerInvariant() is not ("text" or "sarif" or "json"))
        {
            problem = $"--format '{format}' is not one of text, sarif, json.";
        }

        return problem.Length == 0;
    }
}
