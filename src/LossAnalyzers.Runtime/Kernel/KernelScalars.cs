using System.Runtime.CompilerServices;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// float/double as the generic kernels' element type: the JIT specialises each <c>T</c> and drops the boxing, so these
/// are plain conversions in the compiled loops.
/// </summary>
internal static class KernelScalars
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble<T>(T value)
        where T : unmanaged => typeof(T) == typeof(float) ? (float)(object)value : (double)(object)value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T FromDouble<T>(double value)
        where T : unmanaged => typeof(T) == typeof(float) ? (T)(object)(float)value : (T)(object)value;
}
