using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LossAnalyzers.AnalyzerBenchmarks;

/// <summary>
/// What the analyzers cost a real build: the C# compiler as <c>dotnet build</c> runs it (its command line taken from a
/// detailed build log, the .NET SDK's own analyzers on), single-threaded (<c>/parallel-</c>, so CPU time is work, not
/// idle worker threads), with and without LossAnalyzers, timed alternately; medians of the CPU time (user + system).
/// </summary>
internal static class CompilerCost
{
    private const string TorchSharpVersion = "0.107.0";

    public static void Run(string folder, int rounds, IReadOnlyList<string> analyzers, string? only = null)
    {
        var projects = new (string Name, IReadOnlyList<(string Path, string Text)> Files)[]
        {
            ("dense", ProjectGenerator.Generate(270, dense: true)),
            ("generated", ProjectGenerator.Generate(500)),
        };

        foreach (var (name, files) in projects.Where(p => only is null || p.Name == only))
        {
            var directory = Path.Combine(folder, name);
            var arguments = CompilerArguments(directory, files);
            Console.WriteLine($"{name}: {files.Count} files, {ProjectGenerator.CountLines(files)} lines");
            var responseFiles = new List<(string Label, string Path)> { ("without", Write(directory, "without.rsp", arguments)) };
            for (var i = 0; i < analyzers.Count; i++)
            {
                responseFiles.Add(($"with {Path.GetFileName(Path.GetDirectoryName(analyzers[i]))}/{i}", Write(directory, $"with{i}.rsp", arguments + $" \"/analyzer:{analyzers[i]}\"")));
            }

            var times = responseFiles.ToDictionary(r => r.Label, _ => new List<double>());
            for (var round = 0; round < rounds + 1; round++)
            {
                foreach (var (label, path) in responseFiles)
                {
                    var (cpu, output) = Compile(path);
                    if (round == 0)
                    {
                        // Warm-up, and a check that the analyzer ran.
                        var findings = Regex.Matches(output, @"warning (LOSS\d{3})").Select(m => m.Groups[1].Value).Distinct().Count();
                        Console.WriteLine($"  {label}: warm-up {cpu:F2} s CPU, {findings} LOSS rule(s) reported");
                        continue;
                    }

                    times[label].Add(cpu);
                }
            }

            // The machine's speed drifts by tens of percent between minutes (a shared VM): each round's compiles run back
            // to back, so the ratio within a round is what is compared, its median over the rounds.
            var baseline = times["without"];
            foreach (var (label, values) in times)
            {
                var ratios = values.Select((value, round) => value / baseline[round]).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {label,-24} CPU median {Median(values):F3} s (min {values.Min():F3}, max {values.Max():F3}); paired ratio median {Median(ratios):F3} (quartiles {Quantile(ratios, 0.25):F3} to {Quantile(ratios, 0.75):F3})"));
            }
        }
    }

    /// <summary>Writes the project, builds it once with a detailed log, and returns the compiler's arguments, single-threaded.</summary>
    private static string CompilerArguments(string directory, IReadOnlyList<(string Path, string Text)> files)
    {
        Directory.CreateDirectory(Path.Combine(directory, "src"));
        foreach (var (path, text) in files)
        {
            File.WriteAllText(Path.Combine(directory, "src", path), text);
        }

        File.WriteAllText(Path.Combine(directory, "Cost.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TorchSharp" Version="{TorchSharpVersion}" />
              </ItemGroup>
            </Project>
            """);
        var build = Process.Start(new ProcessStartInfo("dotnet", $"build \"{directory}/Cost.csproj\" -c Release -v d --no-incremental -p:UseSharedCompilation=false -nologo")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = build.StandardOutput.ReadToEnd();
        build.WaitForExit();
        var line = log.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("/Roslyn/bincore/csc ", StringComparison.Ordinal) && l.Contains("/out:", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException("No csc command line in the build log of " + directory);
        var start = line.IndexOf("/Roslyn/bincore/csc ", StringComparison.Ordinal);
        compiler = line[..(start + "/Roslyn/bincore/csc".Length)];
        // /noconfig is only valid on the command line, not in a response file.
        return line[(start + "/Roslyn/bincore/csc ".Length)..].Replace("/noconfig ", string.Empty, StringComparison.Ordinal) + " /parallel-";
    }

    private static string compiler = string.Empty;

    private static string Write(string directory, string name, string arguments)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, arguments);
        return path;
    }

    /// <summary>One compile under <c>/usr/bin/time</c>, which reports the compiler's user and system CPU seconds once it exited.</summary>
    private static (double CpuSeconds, string Output) Compile(string responseFile)
    {
        var report = Path.GetTempFileName();
        var start = new ProcessStartInfo("/usr/bin/time", new[] { "-f", "%U %S", "-o", report, compiler, "/noconfig", "@" + responseFile })
        {
            // The command line names the sources relative to the project.
            WorkingDirectory = Path.GetDirectoryName(responseFile)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var times = File.ReadAllText(report).Trim().Split('\n').Last().Split(' ');
        File.Delete(report);
        var cpu = double.Parse(times[0], CultureInfo.InvariantCulture) + double.Parse(times[1], CultureInfo.InvariantCulture);
        return (cpu, output.Result + error.Result);
    }

    private static double Median(List<double> values) => Quantile(values, 0.5);

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[(int)Math.Round(q * (sorted.Count - 1))];
    }
}
