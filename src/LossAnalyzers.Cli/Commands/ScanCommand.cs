using LossAnalyzers.Cli.Analysis;
using LossAnalyzers.Cli.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LossAnalyzers.Cli.Commands;

/// <summary><c>lossanalyzers scan PATH</c>: report the findings, change nothing.</summary>
internal sealed class ScanCommand : AsyncCommand<ScanSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ScanSettings settings, CancellationToken cancellationToken)
    {
        Baseline? baseline = null;
        if (settings.Baseline is { } baselineFile && !Baseline.TryLoad(baselineFile, out baseline, out var problem))
        {
            Session.Fail(problem);
            return ExitCodes.CouldNotAnalyze;
        }

        using var session = await Session.OpenAsync(settings, cancellationToken);
        if (session is null)
        {
            return ExitCodes.CouldNotAnalyze;
        }

        var result = await session.AnalyzeAsync(session.Solution, session.Selected, cancellationToken);
        if (!Session.ReportProblems(result))
        {
            return ExitCodes.CouldNotAnalyze;
        }

        var comparison = baseline?.Compare(result.Findings);
        Write(settings, session, result, comparison);

        // Findings the baseline holds were accepted: only new ones fail the scan.
        SeverityLevel.TryParse(settings.FailOn, allowNever: true, out var failOn);
        return failOn is { } threshold && result.Findings.Any(f => f.Severity >= threshold && (comparison is null || comparison.IsNew(f))) ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private static void Write(ScanSettings settings, Session session, SolutionAnalysis.Result result, BaselineComparison? comparison)
    {
        var format = settings.Format.ToLowerInvariant();
        if (format == "text" && settings.Output is null)
        {
            TextReport.Write(AnsiConsole.Console, session.Rules, result, comparison);
            return;
        }

        string report;
        if (format == "text")
        {
            using var writer = new StringWriter();
            var plain = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(writer),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            plain.Profile.Width = 160;
            TextReport.Write(plain, session.Rules, result, comparison);
            report = writer.ToString();
        }
        else
        {
            report = format == "sarif" ? SarifReport.Write(session.Rules, result, session.Path.Root, comparison) : JsonReport.Write(result, comparison);
        }

        if (settings.Output is null)
        {
            Console.Out.Write(report);
            Console.Out.WriteLine();
            if (comparison is not null)
            {
                Session.Errors.MarkupLine(Markup.Escape(comparison.Summary));
            }

            return;
        }

        File.WriteAllText(settings.Output, report);
        TextReport.WriteSummary(Session.Errors, session.Rules, result, comparison);
        Session.Errors.MarkupLine($"Report written to {Markup.Escape(Path.GetFullPath(settings.Output))}.");
    }
}
