using LossAnalyzers.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LossAnalyzers.Cli;

/// <summary>The command line: <c>scan</c>, <c>fix</c> and <c>rules</c>.</summary>
internal static class App
{
    public static async Task<int> RunAsync(string[] args)
    {
        // Redirected to a file or a CI log: no terminal width to wrap to.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 240;
        }

        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("lossanalyzers");
            config.SetApplicationVersion(typeof(App).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
            config.AddCommand<ScanCommand>("scan")
                .WithDescription("Report the LossAnalyzers findings of a solution, project or folder; changes nothing.")
                .WithExample("scan", "MySolution.sln")
                .WithExample("scan", ".", "--format", "sarif", "--output", "lossanalyzers.sarif");
            config.AddCommand<FixCommand>("fix")
                .WithDescription("Apply the LossAnalyzers code fixes (Fix All per rule), print the diff, and re-analyze.")
                .WithExample("fix", "MyProject.csproj", "--rules", "LOSS001,LOSS015", "--dry-run");
            config.AddCommand<RulesCommand>("rules")
                .WithDescription("List the rules: ID, severity, title and documentation link.");
            config.SetExceptionHandler((exception, _) =>
            {
                // Wrong options and unexpected failures alike: a message and exit code 2, never a stack trace.
                AnsiConsole.Console.Profile.Out.Writer.Flush();
                Console.Error.WriteLine($"lossanalyzers: {exception.Message}");
                return ExitCodes.CouldNotAnalyze;
            });
        });

        var code = await app.RunAsync(args);
        return code < 0 ? ExitCodes.CouldNotAnalyze : code;
    }
}
