namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>The sources after a code fix, in the order they were given, and how many diagnostics there were before it.</summary>
internal sealed record FixedSources(IReadOnlyList<string> Sources, int DiagnosticsBefore)
{
    public string Single => Assert.Single(Sources);

    public override string ToString() => TestSources.Listing(Sources);
}
