using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Cli.Analysis;

/// <summary>One diagnostic as reported: its rule, the severity in effect for the project, and where it is.</summary>
internal sealed record Finding(Diagnostic Diagnostic, string ProjectName, string RelativePath)
{
    public string Id => Diagnostic.Id;

    public DiagnosticSeverity Severity => Diagnostic.Severity;

    public string Message => Diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    public FileLinePositionSpan Span => Diagnostic.Location.GetLineSpan();

    /// <summary>1-based line and column, as compilers print them.</summary>
    public int Line => Span.StartLinePosition.Line + 1;

    public int Column => Span.StartLinePosition.Character + 1;

    public int EndLine => Span.EndLinePosition.Line + 1;

    public int EndColumn => Span.EndLinePosition.Character + 1;

    public string? HelpLink => Diagnostic.Descriptor.HelpLinkUri;

    /// <summary>
    /// What identifies the finding across edits elsewhere in the file: its rule, its file and the text of its source line
    /// (whitespace collapsed), hashed. Lines added or removed above it do not change it; editing its line does.
    /// </summary>
    public string Fingerprint => Fingerprints.Of(Id, RelativePath, Reporting.SourceLine.Of(Diagnostic)?.Text ?? string.Empty);
}
