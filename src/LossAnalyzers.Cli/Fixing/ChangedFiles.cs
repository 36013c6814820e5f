using DiffPlex.Renderer;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Cli.Fixing;

/// <summary>The documents a fix changed, as unified diffs, and writing them back.</summary>
internal static class ChangedFiles
{
    public sealed record Change(string Path, string RelativePath, string Before, string After);

    /// <summary>Every document whose text differs, once per file (a file shared by several projects is one change).</summary>
    public static async Task<IReadOnlyList<Change>> BetweenAsync(Solution before, Solution after, string root, CancellationToken cancellationToken)
    {
        var changes = new Dictionary<string, Change>(StringComparer.Ordinal);
        foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var id in projectChanges.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                var old = before.GetDocument(id)!;
                var path = old.FilePath;
                if (path is null || changes.ContainsKey(path))
                {
                    continue;
                }

                var oldText = (await old.GetTextAsync(cancellationToken)).ToString();
                var newText = (await after.GetDocument(id)!.GetTextAsync(cancellationToken)).ToString();
                if (oldText != newText)
                {
                    changes[path] = new Change(path, System.IO.Path.GetRelativePath(root, path).Replace('\\', '/'), oldText, newText);
                }
            }
        }

        return changes.Values.OrderBy(c => c.RelativePath, StringComparer.Ordinal).ToList();
    }

    public static string Diff(Change change) =>
        new UnidiffRenderer(contextLines: 3).Generate(change.Before, change.After, "a/" + change.RelativePath, "b/" + change.RelativePath, ignoreWhitespace: false, ignoreCase: false);

    /// <summary>Writes the new texts, keeping each file's encoding where it can be read from a byte-order mark.</summary>
    public static void Write(IEnumerable<Change> changes)
    {
        foreach (var change in changes)
        {
            var encoding = DetectEncoding(change.Path);
            File.WriteAllText(change.Path, change.After, encoding);
        }
    }

    private static System.Text.Encoding DetectEncoding(string path)
    {
        using var reader = new StreamReader(path, new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        reader.Peek();
        var preamble = reader.CurrentEncoding.GetPreamble();
        var bytes = new byte[preamble.Length];
        using var stream = File.OpenRead(path);
        var read = stream.Read(bytes, 0, bytes.Length);
        return read == preamble.Length && preamble.Length > 0 && bytes.AsSpan().SequenceEqual(preamble) ? reader.CurrentEncoding : new System.Text.UTF8Encoding(false);
    }
}
