using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

// dotnet run -c Release --project benchmarks/LossAnalyzers.Benchmarks -- --filter '*'
// Each benchmark runs in its own process; a short job keeps the full run to about six minutes on 2 cores.
// Two environments: libgomp's default (its idle workers spin for a while after each parallel op, holding a core)
// and OMP_WAIT_POLICY=PASSIVE (they sleep). Only the two-thread rows differ in kind.
var job = Job.Default
    .WithLaunchCount(1)
    .WithWarmupCount(3)
    .WithIterationCount(10)
    .WithIterationTime(TimeInterval.FromMilliseconds(250));

var config = DefaultConfig.Instance
    .AddJob(job.WithId("omp-default"))
    .AddJob(job.WithEnvironmentVariable("OMP_WAIT_POLICY", "PASSIVE").WithId("omp-passive"))
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Median)
    .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend))
    .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared))
    .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByJob, BenchmarkLogicalGroupRule.ByParams);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
