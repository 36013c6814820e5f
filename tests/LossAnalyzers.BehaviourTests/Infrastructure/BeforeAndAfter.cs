using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>What a program returned before and after a code fix, and the fixed sources.</summary>
internal sealed record BeforeAndAfter(double[] Before, double[] After, FixedSources Fixed)
{
    /// <summary>
    /// Runs <paramref name="method"/> of the program, applies the fix for <paramref name="id"/> (the way
    /// <paramref name="mode"/> says), runs the same method of the fixed program. Logs the fixed code and both results.
    /// </summary>
    public static async Task<BeforeAndAfter> RunAsync(ITestOutputHelper output, FixMode mode, CodeFixProvider provider, string id, string method, params string[] sources)
    {
        var before = TorchProgram.Compile(sources).Run<double[]>(method);

        var @fixed = await mode.ApplyAsync(provider, id, sources);
        output.WriteLine($"{@fixed.DiagnosticsBefore} {id} diagnostic(s) fixed by {provider.GetType().Name} ({mode}):\n{@fixed}");
        Assert.False(sources.SequenceEqual(@fixed.Sources), "The fix changed nothing.");

        var after = TorchProgram.Compile(@fixed.Sources).Run<double[]>(method);
        output.WriteLine($"before: {Numbers.Format(before)}\nafter:  {Numbers.Format(after)}");
        Assert.True(before.Length == after.Length, $"The program returned {before.Length} values before the fix and {after.Length} after.");
        return new BeforeAndAfter(before, after, @fixed);
    }
}
