using System.Diagnostics;
using Microsoft.Build.Locator;

namespace LossAnalyzers.Cli.Loading;

/// <summary>
/// <c>dotnet restore</c> of what the user pointed at, before it is loaded, as <c>dotnet build</c> and <c>dotnet format</c>
/// do: a freshly cloned project has no <c>obj/project.assets.json</c>, and MSBuild then evaluates it without its
/// package references. Its output goes to stderr, so stdout holds only the report.
/// </summary>
internal static class Restore
{
    /// <summary>What MSBuildLocator set for this process: the child's own SDK resolution must not be steered by it.</summary>
    private static readonly string[] LocatorVariables = { "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath" };

    /// <returns>Null when the restore succeeded; else why it failed, with MSBuild's error lines.</returns>
    public static async Task<string?> RunAsync(ProjectPath path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotNet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = path.Root,
        };
        start.ArgumentList.Add("restore");
        start.ArgumentList.Add(path.FullPath);
        foreach (var variable in LocatorVariables)
        {
            start.Environment.Remove(variable);
        }

        var errors = new List<string>();
        var last = string.Empty;
        using var process = new Process { StartInfo = start };
        void Forward(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (errors)
            {
                Console.Error.WriteLine(line);
                last = line.Trim().Length > 0 ? line.Trim() : last;
                if (line.Contains(": error ", StringComparison.Ordinal))
                {
                    errors.Add(line.Trim());
                }
            }
        }

        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"`dotnet restore` could not be started ({e.Message}); restore the project yourself and pass --no-restore.";
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode == 0)
        {
            return null;
        }

        var why = errors.Count > 0 ? string.Join(Environment.NewLine, errors.Distinct()) : last;
        return $"`dotnet restore {Path.GetFileName(path.FullPath)}` failed (exit code {process.ExitCode}): {why}";
    }

    /// <summary>The muxer that runs this tool, else the one of the SDK MSBuild was taken from, else the one on PATH.</summary>
    private static string DotNet()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var sdk = MSBuildLocator.QueryVisualStudioInstances().FirstOrDefault()?.MSBuildPath;
        if (sdk is not null && Directory.GetParent(Path.TrimEndingDirectorySeparator(sdk))?.Parent?.FullName is { } root
            && Path.Combine(root, name) is var beside && File.Exists(beside))
        {
            return beside;
        }

        return name;
    }
}
