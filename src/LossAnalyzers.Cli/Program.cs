using LossAnalyzers.Cli;

// MSBuild has to be located before any method that uses its types is compiled: App and everything it calls come
// after this line, in other methods.
if (!MSBuildSetup.TryRegister(out var problem))
{
    Console.Error.WriteLine($"lossanalyzers: {problem}");
    return ExitCodes.CouldNotAnalyze;
}

return await App.RunAsync(args);
