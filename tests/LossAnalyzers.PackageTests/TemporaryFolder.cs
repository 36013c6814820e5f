namespace LossAnalyzers.PackageTests;

/// <summary>Removal of the folders the package tests write under the system's temp folder.</summary>
internal static class TemporaryFolder
{
    /// <summary>Set to 1 to keep the packed feed and the consumer project for a look after a failure.</summary>
    private const string KeepVariable = "LOSSANALYZERS_KEEP_TEST_FOLDERS";

    public static void Delete(string path)
    {
        if (Environment.GetEnvironmentVariable(KeepVariable) == "1" || !Directory.Exists(path))
        {
            return;
        }

        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A process killed after its timeout may still hold a file for a moment; the OS cleans temp later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
