using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers;

/// <summary>
/// Where a rule reports, whatever driver action found its candidate: the rules are written against this so that
/// the analyzers can choose their registration for cost (one pass per tree) without touching rule code.
/// </summary>
internal readonly struct DiagnosticSink
{
    private readonly Action<Diagnostic> report;

    public DiagnosticSink(Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        this.report = report;
        CancellationToken = cancellationToken;
    }

    public CancellationToken CancellationToken { get; }

    public void ReportDiagnostic(Diagnostic diagnostic) => report(diagnostic);
}
