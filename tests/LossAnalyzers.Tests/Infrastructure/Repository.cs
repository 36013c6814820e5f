namespace LossAnalyzers.Tests.Infrastructure;

/// <summary>The repository the tests run in: its root is the folder holding LossAnalyzers.sln.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootFolder = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LossAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder containing LossAnalyzers.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootFolder.Value;
}
