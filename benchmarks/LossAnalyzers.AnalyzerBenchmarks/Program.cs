using System.Collections.Immutable;
using System.Diagnostics;
using BenchmarkDotNet.Running;
using LossAnalyzers.AnalyzerBenchmarks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

// dotnet run -c Release -- profile FILES ROUNDS [SET,SET]: interleaved best/median CPU of each analyzer set
// dotnet run -c Release -- check      : generated project compiles, which LOSS rules fire, a quick stopwatch ratio
// dotnet run -c Release -- write DIR  : writes the 500-file project to DIR (for dotnet build -p:ReportAnalyzer=true)
// dotnet run -c Release -- csc DIR ROUNDS [dense|generated] DLL...: the C# compiler's CPU time (single-threaded, SDK
//                                       analyzers on) with and without each analyzer DLL, on a dense and on the generated project
// dotnet run -c Release -- edit FILES EDITS: the analyzers' time for one edited document after a one-line edit, in a
//                                       fresh compilation as the IDE makes one per edit (median, 90th percentile, max)
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
                ("no-op syntax actions", System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpSyntaxAnalyzer())),
                ("no-op tree action", System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpTreeAnalyzer())),
                ("semantic model walk", System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpSemanticModelWalkAnalyzer())),
                ("LossAnalyzers", GeneratedCompilation.LossAnalyzers()),
            }.Concat(GeneratedCompilation.LossAnalyzers().Select(a => (a.GetType().Name, System.Collections.Immutable.ImmutableArray.Create(a))))
                .Where(s => args.Length < 4 || s.Name == "empty" || args[3].Split(',').Contains(s.Name))
                .ToArray();
            var process = Process.GetCurrentProcess();
            var best = sets.ToDictionary(s => s.Name, _ => (Cpu: double.MaxValue, Wall: double.MaxValue));
            var all = sets.ToDictionary(s => s.Name, _ => new List<double>());
            for (var round = 0; round < int.Parse(args.ElementAtOrDefault(2) ?? "10"); round++)
            {
                foreach (var (name, analyzers) in sets)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    process.Refresh();
                    var cpu = process.TotalProcessorTime;
                    var wall = Stopwatch.StartNew();
                    GeneratedCompilation.Analyze(trees, analyzers, concurrent: false);
                    process.Refresh();
                    var spent = (process.TotalProcessorTime - cpu).TotalMilliseconds;
                    if (round >= 2)
                    {
                        all[name].Add(spent);
                        best[name] = (Math.Min(best[name].Cpu, spent), Math.Min(best[name].Wall, wall.Elapsed.TotalMilliseconds));
                    }
                }
            }

            foreach (var (name, _) in sets)
            {
                Console.WriteLine($"{name,-26} best cpu {best[name].Cpu,7:F0} ms  best wall {best[name].Wall,7:F0} ms  cpu ratio {best[name].Cpu / best["empty"].Cpu:F3}  wall ratio {best[name].Wall / best["empty"].Wall:F3}  median cpu ratio {Median(all[name]) / Median(all["empty"]):F3}");
            }

            break;
        }

    case "telemetry":
        {
            // The driver's own account (as dotnet build -p:ReportAnalyzer=true gives it) of the time spent in each
            // LossAnalyzers callback, one thread, against the compile time with the empty analyzer; best of 5.
            var trees = GeneratedCompilation.Parse(ProjectGenerator.Generate(int.Parse(args.ElementAtOrDefault(1) ?? "500")));
            var empty = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());
            var baseline = double.MaxValue;
            var spent = new Dictionary<string, double>();
            for (var round = 0; round < 6; round++)
            {
                var clock = Stopwatch.StartNew();
                GeneratedCompilation.Analyze(trees, empty, concurrent: false);
                baseline = round == 0 ? baseline : Math.Min(baseline, clock.Elapsed.TotalMilliseconds);
                var analyzers = GeneratedCompilation.LossAnalyzers();
                var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
                var run = GeneratedCompilation.Create(trees, concurrent: false).WithAnalyzers(analyzers, options);
                run.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                foreach (var analyzer in analyzers)
                {
                    var time = run.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
                    var name = analyzer.GetType().Name;
                    spent[name] = round == 0 ? double.MaxValue : Math.Min(spent.GetValueOrDefault(name, double.MaxValue), time);
                }
            }

            Console.WriteLine($"compile with the empty analyzer: {baseline:F0} ms");
            foreach (var (name, time) in spent)
            {
                Console.WriteLine($"{name,-24} {time,6:F0} ms  {time / baseline * 100:F1} % of it");
            }

            Console.WriteLine($"{"all",-24} {spent.Values.Sum(),6:F0} ms  {spent.Values.Sum() / baseline * 100:F1} % of it");
            break;
        }

    case "loop":
        {
            // dotnet-trace target: one analyzer set (LossAnalyzers, empty or an analyzer's type name), N rounds, over M files (500).
            var trees = GeneratedCompilation.Parse(ProjectGenerator.Generate(int.Parse(args.ElementAtOrDefault(3) ?? "500")));
            var all = GeneratedCompilation.LossAnalyzers();
            var set = args[1] switch
            {
                "empty" => System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer()),
                "LossAnalyzers" => all,
                var name => all.Where(a => a.GetType().Name == name).ToImmutableArray(),
            };
            for (var round = 0; round < int.Parse(args[2]); round++)
            {
                GeneratedCompilation.Analyze(trees, set, concurrent: false);
            }

            break;
        }

    case "edit":
        // edit FILES EDITS: the analyzers' time for the edited document after each one-line edit, as the IDE asks for it
        EditorCost.Run(int.Parse(args.ElementAtOrDefault(1) ?? "500"), int.Parse(args.ElementAtOrDefault(2) ?? "60"));
        break;
    case "sample":
        var sample = ProjectGenerator.Generate(int.Parse(args[1]));
        Console.WriteLine(sample[int.Parse(args[2])].Text);
        break;
    case "csc":
        // csc FOLDER ROUNDS [dense|generated] ANALYZER.dll [ANALYZER.dll ...]: the compiler's CPU time with and without
        // each analyzer DLL
        var only = args[3] is "dense" or "generated" ? args[3] : null;
        CompilerCost.Run(args[1], int.Parse(args[2]), args.Skip(only is null ? 3 : 4).Select(Path.GetFullPath).ToList(), only);
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

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToList();
    return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
}
