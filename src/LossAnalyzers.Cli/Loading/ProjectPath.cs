namespace LossAnalyzers.Cli.Loading;

/// <summary>What the user pointed at: a solution (.sln, .slnx), a C# project, or a folder holding exactly one of them.</summary>
internal sealed record ProjectPath(string FullPath, bool IsSolution)
{
    /// <summary>The folder file paths in reports are relative to.</summary>
    public string Root => Path.GetDirectoryName(FullPath)!;

    public static bool TryResolve(string path, out ProjectPath resolved, out string problem)
    {
        resolved = null!;
        problem = string.Empty;
        var full = Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? "." : path);
        if (File.Exists(full))
        {
            return TryFile(full, out resolved, out problem);
        }

        if (!Directory.Exists(full))
        {
            problem = $"'{path}' does not exist.";
            return false;
        }

        // A folder: its solution if it has one, else its project.
        foreach (var patterns in new[] { new[] { "*.sln", "*.slnx" }, new[] { "*.csproj" } })
        {
            var found = patterns.SelectMany(p => Directory.EnumerateFiles(full, p)).OrderBy(f => f, StringComparer.Ordinal).ToList();
            if (found.Count == 1)
            {
                return TryFile(found[0], out resolved, out problem);
            }

            if (found.Count > 1)
            {
                problem = $"'{path}' holds {found.Count} {(patterns[0] == "*.csproj" ? "projects" : "solutions")} ({string.Join(", ", found.Select(Path.GetFileName))}): name the one to load.";
                return false;
            }
        }

        problem = $"'{path}' holds no .sln, .slnx or .csproj file.";
        return false;
    }

    private static bool TryFile(string full, out ProjectPath resolved, out string problem)
    {
        problem = string.Empty;
        resolved = null!;
        switch (Path.GetExtension(full).ToLowerInvariant())
        {
            case ".sln" or ".slnx":
                resolved = new ProjectPath(full, IsSolution: true);
                return true;
            case ".csproj":
                resolved = new ProjectPath(full, IsSolution: false);
                return true;
            default:
                problem = $"'{full}' is not a .sln, .slnx or .csproj file.";
                return false;
        }
    }
}
