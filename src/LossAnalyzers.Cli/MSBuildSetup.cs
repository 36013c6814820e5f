using Microsoft.Build.Locator;

namespace LossAnalyzers.Cli;

/// <summary>Finds the MSBuild of an installed .NET SDK, so projects are evaluated exactly as `dotnet build` evaluates them.</summary>
internal static class MSBuildSetup
{
    public static bool TryRegister(out string problem)
    {
        problem = string.Empty;
        try
        {
            if (!MSBuildLocator.IsRegistered)
            {
                MSBuildLocator.RegisterDefaults();
            }

            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            problem = $"no .NET SDK with MSBuild was found ({e.Message}). Install the .NET SDK the project builds with.";
            return false;
        }
    }
}
