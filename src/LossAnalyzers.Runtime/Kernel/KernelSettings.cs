using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>Which instruction set the fused kernel runs on.</summary>
internal enum VectorPath
{
    /// <summary>The widest the machine has: AVX-512, else AVX2 with FMA, else scalar.</summary>
    Auto,
    /// <summary>512-bit vectors (AVX-512F); falls back like <see cref="Auto"/> where the machine lacks it.</summary>
    Avx512,
    /// <summary>256-bit vectors (AVX2 with FMA); falls back to scalar where the machine lacks it.</summary>
    Avx2,
    /// <summary>One element at a time, with the same polynomials as the vector paths.</summary>
    Scalar,
}

/// <summary>
/// Process-wide switches of the fused kernel. Tests force the narrower vector paths and the thread count through
/// them; they are read once per call, so a change takes effect at the next call.
/// </summary>
internal static class KernelSettings
{
    /// <summary>The vector path to use; <see cref="VectorPath.Auto"/> picks the widest available.</summary>
    public static VectorPath ForcedPath { get; set; } = VectorPath.Auto;

    /// <summary>Threads to split large inputs over; 0 means the caller's default.</summary>
    public static int ThreadCount { get; set; }

    /// <summary>The path a call runs on, after falling back from what the machine lacks.</summary>
    public static VectorPath EffectivePath
    {
        get
        {
            var wanted = ForcedPath;
            bool avx512 = Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Avx512DQ.IsSupported;
            bool avx2 = Avx2.IsSupported && Fma.IsSupported;
            if ((wanted is VectorPath.Auto or VectorPath.Avx512) && avx512)
            {
                return VectorPath.Avx512;
            }

            if (wanted != VectorPath.Scalar && avx2)
            {
                return VectorPath.Avx2;
            }

            return VectorPath.Scalar;
        }
    }
}
