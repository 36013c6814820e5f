using System.Text.Json;
using System.Text.Json.Nodes;
using LossAnalyzers.Cli.Analysis;

namespace LossAnalyzers.Cli.Reporting;

/// <summary>SARIF's <c>baselineState</c> of a finding against an earlier scan.</summary>
internal enum BaselineState
{
    New,
    Unchanged,
    Absent,
}

/// <summary>
/// The results of an earlier <c>scan --format sarif</c>, to compare a scan with: a finding is unchanged when the baseline
/// holds a result of the same rule, file and source line text (its fingerprint), new otherwise; a baseline result no
/// finding matches is gone (absent). Findings match one to one, so a second identical line in the file is new.
/// </summary>
internal sealed class Baseline
{
    private readonly IReadOnlyList<(string Fingerprint, JsonObject Result)> results;

    private Baseline(IReadOnlyList<(string, JsonObject)> results) => this.results = results;

    public static bool TryLoad(string file, out Baseline baseline, out string problem)
    {
        baseline = null!;
        problem = string.Empty;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            problem = $"--baseline '{file}' cannot be read as SARIF ({e.Message}).";
            return false;
        }

        if (root?["runs"] is not JsonArray runs)
        {
            problem = $"--baseline '{file}' is not a SARIF log (no runs).";
            return false;
        }

        var results = new List<(string, JsonObject)>();
        foreach (var result in runs.OfType<JsonObject>().SelectMany(run => run["results"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
        {
            // An earlier baseline run's own "absent" results are not findings of that scan.
            if ((string?)result["baselineState"] == "absent")
            {
                continue;
            }

            if (result["partialFingerprints"]?[Fingerprints.Key] is JsonValue value && value.TryGetValue<string>(out var fingerprint))
            {
                results.Add((fingerprint, result));
            }
            else
            {
                problem = $"--baseline '{file}' holds a result without the '{Fingerprints.Key}' fingerprint: use a SARIF file written by `lossanalyzers scan --format sarif`.";
                return false;
            }
        }

        baseline = new Baseline(results);
        return true;
    }

    /// <summary>Each finding's state, and the baseline results that no finding matches (copies, for the report).</summary>
    public BaselineComparison Compare(IReadOnlyList<Finding> findings)
    {
        var remaining = results.GroupBy(r => r.Fingerprint, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Queue<JsonObject>(g.Select(r => r.Result)), StringComparer.Ordinal);
        var states = new Dictionary<Finding, BaselineState>(ReferenceEqualityComparer.Instance);
        foreach (var finding in findings)
        {
            states[finding] = remaining.TryGetValue(finding.Fingerprint, out var queue) && queue.TryDequeue(out _) ? BaselineState.Unchanged : BaselineState.New;
        }

        var gone = remaining.Values.SelectMany(queue => queue).Select(result => (JsonObject)result.DeepClone()).ToList();
        return new BaselineComparison(states, gone);
    }
}

/// <summary>A scan against a baseline: the state of each finding, and the baseline's results that are gone.</summary>
internal sealed record BaselineComparison(IReadOnlyDictionary<Finding, BaselineState> States, IReadOnlyList<JsonObject> Gone)
{
    public int New => States.Values.Count(s => s == BaselineState.New);

    public int Unchanged => States.Values.Count(s => s == BaselineState.Unchanged);

    public bool IsNew(Finding finding) => !States.TryGetValue(finding, out var state) || state == BaselineState.New;

    public string Summary => $"Baseline: {New} new, {Unchanged} unchanged, {Gone.Count} gone.";

    public static string Name(BaselineState state) => state switch
    {
        BaselineState.New => "new",
        BaselineState.Unchanged => "unchanged",
        _ => "absent",
    };
}
