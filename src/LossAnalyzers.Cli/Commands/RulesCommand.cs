using LossAnalyzers.Cli.Analysis;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LossAnalyzers.Cli.Commands;

/// <summary><c>lossanalyzers rules</c>: the rule table, from the descriptors.</summary>
internal sealed class RulesCommand : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        var rules = PackageRules.Load();
        var fixable = rules.Fixers.SelectMany(f => f.FixableDiagnosticIds).ToHashSet(StringComparer.Ordinal);
        var table = new Table().AddColumn("ID").AddColumn("Severity").AddColumn("Fix").AddColumn("Title").AddColumn("Documentation");
        foreach (var rule in rules.Rules)
        {
            table.AddRow(
                rule.Id,
                SeverityLevel.Name(rule.DefaultSeverity),
                fixable.Contains(rule.Id) ? "yes" : "no",
                Markup.Escape(rule.Title.ToString()),
                Markup.Escape(rule.HelpLinkUri));
        }

        AnsiConsole.Write(table);
        return ExitCodes.Clean;
    }
}
