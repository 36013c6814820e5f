using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Cli.Reporting;

/// <summary>The source line of a finding and the span on it to mark.</summary>
internal static class SourceLine
{
    /// <returns>The line's text (tabs as spaces), the 0-based column where the mark starts, and its length (at least 1).</returns>
    public static (string Text, int Start, int Length)? Of(Diagnostic diagnostic)
    {
        var tree = diagnostic.Location.SourceTree;
        if (tree is null)
        {
            return null;
        }

        var text = tree.GetText();
        var span = diagnostic.Location.SourceSpan;
        var line = text.Lines.GetLineFromPosition(span.Start);
        var lineText = line.ToString().Replace('\t', ' ');
        var start = span.Start - line.Start;
        var end = Math.Min(span.End, line.End) - line.Start;
        return (lineText.TrimEnd(), start, Math.Max(1, end - start));
    }
}
