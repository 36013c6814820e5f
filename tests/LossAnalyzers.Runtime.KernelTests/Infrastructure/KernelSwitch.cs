namespace LossAnalyzers.Runtime.KernelTests.Infrastructure;

/// <summary>Forces a vector path and a thread count for the life of the object.</summary>
internal sealed class KernelSwitch : IDisposable
{
    private readonly VectorPath path = KernelSettings.ForcedPath;
    private readonly int threads = KernelSettings.ThreadCount;

    public KernelSwitch(VectorPath path, int threads = 0)
    {
        KernelSettings.ForcedPath = path;
        KernelSettings.ThreadCount = threads;
    }

    public void Dispose()
    {
        KernelSettings.ForcedPath = path;
        KernelSettings.ThreadCount = threads;
    }
}
