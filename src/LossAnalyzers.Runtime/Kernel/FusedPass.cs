using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// One pass over logits and targets that sums the losses and writes the gradient and/or the per-element losses.
/// The input is cut into fixed chunks of <see cref="ChunkLength"/> elements, each summed in float vectors by the
/// segment loop and returned as a double; chunks are grouped into blocks of <see cref="BlockLength"/>, a thread's
/// unit of work, whose sums land in per-block slots that are added in order. Neither cut depends on the thread
/// count, so the sum is bit-identical for any number of threads.
/// </summary>
internal static unsafe class FusedPass
{
    /// <summary>Elements summed in vector registers before the partial sum moves to a double.</summary>
    public const int ChunkLength = 4096;

    /// <summary>Elements per unit of parallel work.</summary>
    public const int BlockLength = 8 * ChunkLength;

    /// <summary>
    /// Below this many elements (2^18) one thread does everything. Measured here: at 2^16 a helper saved at best
    /// 30 us of 100 and cost milliseconds whenever it had to wait for a core (libtorch's OpenMP workers spin after
    /// each parallel op); at 2^20 two threads took the pass from 0.87 ms to 0.61 ms.
    /// </summary>
    public const long ParallelThreshold = 8 * BlockLength;

    // Block sums live on the stack up to this many blocks (2^24 elements), in a pooled array beyond.
    private const int StackBlocks = 512;

    /// <summary>
    /// The sum of the (weighted) losses. <paramref name="posWeight"/>: empty (none), one value or a period;
    /// <paramref name="weight"/>: empty (none) or a period dividing the length. <paramref name="gradient"/> and
    /// <paramref name="losses"/> are written where not empty; the gradient is scaled by <paramref name="scale"/>.
    /// </summary>
    public static double Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> posWeight, ReadOnlySpan<T> weight,
        Span<T> gradient, Span<T> losses, T scale, int threads)
        where T : unmanaged
    {
        long n = x.Length;
        if (n == 0)
        {
            return 0.0;
        }

        T one = KernelScalars.FromDouble<T>(1.0);
        ReadOnlySpan<T> pwValues = posWeight.IsEmpty ? new ReadOnlySpan<T>(&one, 1) : posWeight;
        T[]? pwTile = Tile(pwValues, n);
        T[]? wTile = weight.IsEmpty ? null : Tile(weight, n);
        ReadOnlySpan<T> pwSpan = pwTile is null ? pwValues : pwTile.AsSpan(0, TiledLength(pwValues.Length));
        ReadOnlySpan<T> wSpan = wTile is null ? weight : wTile.AsSpan(0, TiledLength(weight.Length));

        int blocks = (int)((n + BlockLength - 1) / BlockLength);
        double[]? pooledSums = blocks > StackBlocks ? ArrayPool<double>.Shared.Rent(blocks) : null;
        Span<double> sums = pooledSums is null ? stackalloc double[StackBlocks] : pooledSums;
        try
        {
            fixed (T* px = x, py = y, pg = gradient, pl = losses, ppw = pwSpan, pw = wSpan)
            fixed (double* ps = sums)
            {
                var job = new Job<T>
                {
                    X = px,
                    Y = py,
                    G = pg,
                    L = pl,
                    PosWeight = new PeriodicStream<T> { Base = ppw, Period = pwValues.Length, Extent = pwSpan.Length },
                    Weight = new PeriodicStream<T> { Base = pw, Period = weight.Length, Extent = wSpan.Length },
                    Scale = scale,
                    Length = n,
                    Sums = ps,
                    Segment = PickSegment<T>(!weight.IsEmpty, !gradient.IsEmpty, !losses.IsEmpty),
                };

                int workers = n >= ParallelThreshold ? threads : 1;
                KernelWorkers.Run(blocks, workers, &Block<T>, &job);

                double total = 0.0;
                for (int b = 0; b < blocks; b++)
                {
                    total += ps[b];
                }

                return total;
            }
        }
        finally
        {
            Return(pwTile);
            Return(wTile);
            if (pooledSums is not null)
            {
                ArrayPool<double>.Shared.Return(pooledSums);
            }
        }
    }

    private static delegate*<T*, T*, T*, T*, T*, T*, T, nint, double> PickSegment<T>(bool weight, bool gradient, bool losses)
        where T : unmanaged
    {
        var path = KernelSettings.EffectivePath;
        return typeof(T) == typeof(float)
            ? (delegate*<T*, T*, T*, T*, T*, T*, T, nint, double>)(void*)FloatSegment.Pick(path, weight, gradient, losses)
            : (delegate*<T*, T*, T*, T*, T*, T*, T, nint, double>)(void*)DoubleSegment.Pick(path, weight, gradient, losses);
    }

    // A period shorter than a chunk (and than the input) is repeated past ChunkLength + period elements, so
    // that from any offset inside the period a whole chunk is contiguous. Longer periods are read in place.
    private static T[]? Tile<T>(ReadOnlySpan<T> period, long n)
        where T : unmanaged
    {
        if (period.Length >= ChunkLength || period.Length >= n)
        {
            return null;
        }

        int length = TiledLength(period.Length);
        var tile = ArrayPool<T>.Shared.Rent(length);
        period.CopyTo(tile);

        // Doubling copies: a one-element period takes 13 copies, not 4097.
        for (int filled = period.Length; filled < length; filled *= 2)
        {
            tile.AsSpan(0, Math.Min(filled, length - filled)).CopyTo(tile.AsSpan(filled));
        }

        return tile;
    }

    // Whole copies of the period, at least ChunkLength + period long.
    private static int TiledLength(int period) => (ChunkLength + 2 * period - 1) / period * period;

    private static void Return<T>(T[]? tile)
    {
        if (tile is not null)
        {
            ArrayPool<T>.Shared.Return(tile);
        }
    }

    private static void Block<T>(void* state, int block)
        where T : unmanaged
    {
        ref var job = ref Unsafe.AsRef<Job<T>>(state);
        long start = (long)block * BlockLength;
        long end = Math.Min(start + BlockLength, job.Length);
        double blockSum = 0.0;
        for (long chunk = start; chunk < end; chunk += ChunkLength)
        {
            blockSum += Chunk(ref job, chunk, Math.Min(ChunkLength, end - chunk));
        }

        job.Sums[block] = blockSum;
    }

    // A chunk is one segment unless a long period (a weight longer than a chunk) wraps inside it.
    private static double Chunk<T>(ref Job<T> job, long start, long count)
        where T : unmanaged
    {
        double sum = 0.0;
        while (count > 0)
        {
            T* pw = job.PosWeight.At(start, out long run);
            T* w = null;
            if (job.Weight.Base is not null)
            {
                w = job.Weight.At(start, out long weightRun);
                run = Math.Min(run, weightRun);
            }

            run = Math.Min(run, count);
            sum += job.Segment(
                job.X + start,
                job.Y + start,
                pw,
                w,
                job.G is null ? null : job.G + start,
                job.L is null ? null : job.L + start,
                job.Scale,
                (nint)run);
            start += run;
            count -= run;
        }

        return sum;
    }

    private struct Job<T>
        where T : unmanaged
    {
        public T* X;
        public T* Y;
        public T* G;
        public T* L;
        public PeriodicStream<T> PosWeight;
        public PeriodicStream<T> Weight;
        public T Scale;
        public long Length;
        public double* Sums;
        public delegate*<T*, T*, T*, T*, T*, T*, T, nint, double> Segment;
    }
}
