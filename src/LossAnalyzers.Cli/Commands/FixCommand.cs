using LossAnalyzers.Cli.Fixing;
using LossAnalyzers.Cli.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LossAnalyzers.Cli.Commands;

/// <summary><c>lossanalyzers fix PATH</c>: apply the code fixes, print the diff, write the files (unless --dry-run), re-analyze.</summary>
internal sealed class FixCommand : AsyncCommand<FixSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, FixSettings settings, CancellationToken cancellationToken)
    {
        using var session = await Session.OpenAsync(settings, cancellationToken);
        if (session is null)
        {
            return ExitCodes.CouldNotAnalyze;
        }

        var original = session.Solution;
        var engine = new FixEngine(session.Rules, (solution, rules, token) => session.Analysis.RunAsync(solution, rules, session.Minimum, _ => { }, token));
        var outcome = (Solution: original, Applied: (IReadOnlyList<FixEngine.Applied>)Array.Empty<FixEngine.Applied>(), Problems: (IReadOnlyList<string>)Array.Empty<string>());
        await Session.Errors.Status().StartAsync("Fixing", async _ => outcome = await engine.FixAsync(original, session.Selected, cancellationToken));
        foreach (var problem in outcome.Problems.Distinct())
        {
            Session.Fail(problem);
        }

        if (outcome.Problems.Count > 0)
        {
            return ExitCodes.CouldNotAnalyze;
        }

        var changes = await ChangedFiles.BetweenAsync(original, outcome.Solution, session.Path.Root, cancellationToken);
        foreach (var change in changes)
        {
            Console.Out.Write(ChangedFiles.Diff(change));
        }

        foreach (var applied in outcome.Applied)
        {
            Session.Errors.MarkupLine(Markup.Escape($"{applied.Rule}: Fix All over {applied.Diagnostics} diagnostic(s)."));
        }

        if (settings.DryRun)
        {
            Session.Errors.MarkupLine(Markup.Escape($"Dry run: {changes.Count} file(s) would change; nothing was written."));
        }
        else
        {
            ChangedFiles.Write(changes);
            Session.Errors.MarkupLine(Markup.Escape($"{changes.Count} file(s) changed."));
        }

        // What remains: on the fixed solution (as written, or as it would be).
        var remaining = await session.AnalyzeAsync(outcome.Solution, session.Selected, cancellationToken);
        if (!Session.ReportProblems(remaining))
        {
            return ExitCodes.CouldNotAnalyze;
        }

        Session.Errors.MarkupLine(remaining.Findings.Length == 0 ? "Nothing remains." : "What remains (these have no automatic fix, or none that is safe here):");
        if (remaining.Findings.Length > 0)
        {
            TextReport.Write(Session.Errors, session.Rules, remaining);
        }

        return remaining.Findings.IsEmpty ? ExitCodes.Clean : ExitCodes.Findings;
    }
}
