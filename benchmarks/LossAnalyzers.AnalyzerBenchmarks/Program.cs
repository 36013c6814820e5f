using System.Diagnostics;
using BenchmarkDotNet.Running;
using LossAnalyzers.AnalyzerBenchmarks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

// dotnet run -c Release -- check      : generated project compiles, which LOSS rules fire, a quick stopwatch ratio
// dotnet run -c Release -- write DIR  : writes the 500-file project to DIR (for dotnet build -p:ReportAnalyzer=true)
// dotnet run -c Release -- [BenchmarkDotNet arguments]
switch (args.FirstOrDefault())
{
    case "check":
        foreach (var files in new[] { 100, 250, 500 })
        {
            var generated = ProjectGenerator.Generate(files);
            var trees = GeneratedCompilation.Parse(generated);
            var compilation = GeneratedCompilation.Create(trees);
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Console.WriteLine($"{files} files, {ProjectGenerator.CountLines(generated)} lines, {errors.Count} compile errors");
            foreach (var error in errors.Take(5))
            {
                Console.WriteLine("  " + error);
            }

            var loss = GeneratedCompilation.LossAnalyzers();
            var empty = System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new EmptyAnalyzer());
            for (var warm = 0; warm < 2; warm++)
            {
                GeneratedCompilation.Analyze(trees, empty);
                GeneratedCompilation.Analyze(trees, loss);
            }

            var clock = Stopwatch.StartNew();
            for (var run = 0; run < 3; run++) GeneratedCompilation.Analyze(trees, empty);
            var baseline = clock.Elapsed.TotalMilliseconds / 3;
            clock.Restart();
            for (var run = 0; run < 3; run++) GeneratedCompilation.Analyze(trees, loss);
            var withLoss = clock.Elapsed.TotalMilliseconds / 3;
            var findings = GeneratedCompilation.Create(trees).WithAnalyzers(loss).GetAnalyzerDiagnosticsAsync().Result
                .GroupBy(d => d.Id).OrderBy(g => g.Key).Select(g => $"{g.Key}x{g.Count()}");
            Console.WriteLine($"  baseline {baseline:F0} ms, with LossAnalyzers {withLoss:F0} ms, ratio {withLoss / baseline:F3}; findings {string.Join(" ", findings)}");
        }

        break;
    case "profile":
        {
            var trees = GeneratedCompilation.Parse(ProjectGenerator.Generate(int.Parse(args.ElementAtOrDefault(1) ?? "500")));
            var sets = new (string Name, System.Collections.Immutable.ImmutableArray<DiagnosticAnalyzer> Analyzers)[]
            {
                ("empty", System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer())),
                ("no-op operation actions", System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpOperationAnalyzer())),
                ("LossAnalyzers", GeneratedCompilation.LossAnalyzers()),
            };
            var process = Process.GetCurrentProcess();
            for (var round = 0; round < 4; round++)
            {
                foreach (var (name, analyzers) in sets)
                {
                    var cpu = process.TotalProcessorTime;
                    var wall = Stopwatch.StartNew();
                    GeneratedCompilation.Analyze(trees, analyzers, concurrent: false);
                    process.Refresh();
                    if (round > 0)
                    {
                        Console.WriteLine($"{name,-26} cpu {(process.TotalProcessorTime - cpu).TotalMilliseconds,7:F0} ms  wall {wall.Elapsed.TotalMilliseconds,7:F0} ms");
                    }
                }
            }

            break;
        }

    case "sample":
        var sample = ProjectGenerator.Generate(int.Parse(args[1]));
        Console.WriteLine(sample[int.Parse(args[2])].Text);
        break;
    case "write":
        var folder = args[1];
        Directory.CreateDirectory(folder);
        foreach (var (path, text) in ProjectGenerator.Generate(500))
        {
            File.WriteAllText(Path.Combine(folder, path), text);
        }

        Console.WriteLine($"wrote 500 files to {folder}");
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(AnalyzerOverheadBenchmarks).Assembly).Run(args);
        break;
}
