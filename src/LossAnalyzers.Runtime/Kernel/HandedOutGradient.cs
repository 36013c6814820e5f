using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// The managed wrapper of the gradient the last backward on this thread returned. The wrapper holds a reference
/// to the tensor; while it lives, the pooled buffer cannot go back to the pool. It cannot be disposed inside
/// backward (libtorch takes its own reference only after backward returns), so it is disposed at the next forward
/// or backward on the same thread: CPU autograd runs backward on the calling thread, and by then libtorch has its
/// own reference or none.
/// </summary>
internal static class HandedOutGradient
{
    [System.ThreadStatic]
    private static Tensor? last;

    /// <summary>Remembers <paramref name="gradient"/>, disposing the wrapper remembered before it.</summary>
    public static void Replace(Tensor gradient)
    {
        var previous = last;
        last = gradient;
        previous?.Dispose();
    }

    /// <summary>Disposes the remembered wrapper, if any.</summary>
    public static void Release()
    {
        var previous = last;
        last = null;
        previous?.Dispose();
    }
}
