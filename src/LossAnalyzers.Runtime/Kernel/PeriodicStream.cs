namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// A per-element operand that repeats with a period along the flat index: pos_weight ([1] or [C]) and a weight
/// whose shape is a suffix of the input's. Element <c>i</c> is <c>Base[i % Period]</c>; from element <c>i</c> on,
/// <c>Extent - i % Period</c> elements are contiguous. Short periods are tiled into a buffer longer than a chunk,
/// so that a chunk never wraps and the loops read it as a plain array.
/// </summary>
internal unsafe struct PeriodicStream<T>
    where T : unmanaged
{
    /// <summary>The values, tiled or not.</summary>
    public T* Base;

    /// <summary>The length of the repeating pattern.</summary>
    public long Period;

    /// <summary>How many elements <see cref="Base"/> holds.</summary>
    public long Extent;

    /// <summary>The address of element <paramref name="index"/> and how many elements follow it contiguously.</summary>
    public readonly T* At(long index, out long contiguous)
    {
        long offset = Period == 1 ? 0 : index % Period;
        contiguous = Extent - offset;
        return Base + offset;
    }
}
