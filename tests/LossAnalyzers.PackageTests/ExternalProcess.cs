using System.Diagnostics;
using System.Text;

namespace LossAnalyzers.PackageTests;

/// <summary>Runs a command with a hard timeout and keeps stdout and stderr interleaved as they arrived.</summary>
internal static class ExternalProcess
{
    // A compiler server started by a build inherits the build's pipes and keeps them open long after the build
    // exits; waiting for end-of-stream would then hang, so after exit we wait only this long for the last lines.
    private static readonly TimeSpan DrainAfterExit = TimeSpan.FromSeconds(5);

    public static ProcessResult Run(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var output = new StringBuilder();
        var stdoutClosed = new TaskCompletionSource();
        var stderrClosed = new TaskCompletionSource();
        void Collect(string? line, TaskCompletionSource closed)
        {
            if (line is null)
            {
                closed.TrySetResult();
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }

        var commandLine = string.Join(' ', new[] { fileName }.Concat(arguments.Select(Quote)));
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Collect(e.Data, stdoutClosed);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, stderrClosed);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExit(timeout);
        if (!exited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the timeout and the kill.
            }

            process.WaitForExit(DrainAfterExit);
        }

        Task.WaitAll(new[] { stdoutClosed.Task, stderrClosed.Task }, DrainAfterExit);
        clock.Stop();

        string text;
        lock (output)
        {
            text = output.ToString();
        }

        return new ProcessResult(
            commandLine,
            workingDirectory,
            exited ? process.ExitCode : -1,
            TimedOut: !exited,
            timeout,
            clock.Elapsed,
            text);
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c == '"') ? argument : $"\"{argument}\"";
}
