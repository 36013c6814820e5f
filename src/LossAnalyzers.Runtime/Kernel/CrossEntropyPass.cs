using System;
using System.Buffers;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// Cross-entropy over N rows of C scores: rows in fixed blocks (about <see cref="BlockElements"/> scores each), a
/// thread's unit of work; each block's loss sum lands in its own slot and the slots are added in order, so the result
/// is bit-identical for any thread count.
/// </summary>
internal static unsafe class CrossEntropyPass
{
    /// <summary>Scores per unit of parallel work.</summary>
    public const int BlockElements = 32768;

    /// <summary>Below this many scores (2^18) one thread does everything, as in the BCE pass.</summary>
    public const long ParallelThreshold = 8L * BlockElements;

    private const int StackBlocks = 512;

    /// <summary>
    /// The sum of the row losses (ignored rows count 0); writes per-row losses into <paramref name="losses"/> and the
    /// gradient (times <paramref name="scale"/>) into <paramref name="gradient"/> where they are not empty.
    /// </summary>
    public static double Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> labels, int classes, ReadOnlySpan<T> weight, long ignoreIndex,
        double smoothing, Span<T> gradient, Span<T> losses, double scale, int threads)
        where T : unmanaged
    {
        int rows = labels.Length;
        if (rows == 0)
        {
            return 0.0;
        }

        double totalWeight = classes;
        if (!weight.IsEmpty)
        {
            totalWeight = 0;
            foreach (var w in weight) totalWeight += KernelScalars.ToDouble(w);
        }

        int rowsPerBlock = Math.Max(1, BlockElements / classes);
        int blocks = (rows + rowsPerBlock - 1) / rowsPerBlock;
        double[]? pooled = blocks > StackBlocks ? ArrayPool<double>.Shared.Rent(blocks) : null;
        Span<double> sums = pooled is null ? stackalloc double[StackBlocks] : pooled;
        try
        {
            fixed (T* px = x, pw = weight, pg = gradient, pl = losses)
            fixed (long* py = labels)
            fixed (double* ps = sums)
            {
                var job = new Job<T>
                {
                    X = px,
                    Labels = py,
                    W = pw,
                    G = pg,
                    L = pl,
                    Classes = classes,
                    Rows = rows,
                    RowsPerBlock = rowsPerBlock,
                    IgnoreIndex = ignoreIndex,
                    TotalWeight = totalWeight,
                    Smoothing = smoothing,
                    Scale = scale,
                    Path = KernelSettings.EffectivePath,
                    Sums = ps,
                };
                int workers = (long)rows * classes >= ParallelThreshold ? threads : 1;
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
            if (pooled is not null)
            {
                ArrayPool<double>.Shared.Return(pooled);
            }
        }
    }

    /// <summary>The mean's denominator: the summed weight of the rows' classes (their count without weights), ignored rows left out.</summary>
    public static double Denominator<T>(ReadOnlySpan<long> labels, ReadOnlySpan<T> weight, long ignoreIndex)
        where T : unmanaged
    {
        double d = 0;
        foreach (var label in labels)
        {
            if (label != ignoreIndex)
            {
                d += weight.IsEmpty ? 1.0 : KernelScalars.ToDouble(weight[(int)label]);
            }
        }

        return d;
    }

    private static void Block<T>(void* state, int block)
        where T : unmanaged
    {
        ref var job = ref *(Job<T>*)state;
        int first = block * job.RowsPerBlock;
        int end = Math.Min(job.Rows, first + job.RowsPerBlock);
        double sum = 0;
        for (int r = first; r < end; r++)
        {
            long offset = (long)r * job.Classes;
            T* g = job.G is null ? null : job.G + offset;
            long label = job.Labels[r];
            double loss;
            if (label == job.IgnoreIndex)
            {
                loss = 0;
                if (g is not null)
                {
                    new Span<T>(g, job.Classes).Clear();
                }
            }
            else
            {
                loss = CrossEntropyRows.Row(job.Path, job.X + offset, job.Classes, label, job.W, job.TotalWeight, g, job.Smoothing, job.Scale);
            }

            if (job.L is not null)
            {
                job.L[r] = KernelScalars.FromDouble<T>(loss);
            }

            sum += loss;
        }

        job.Sums[block] = sum;
    }

    private struct Job<T>
        where T : unmanaged
    {
        public T* X;
        public long* Labels;
        public T* W;
        public T* G;
        public T* L;
        public int Classes;
        public int Rows;
        public int RowsPerBlock;
        public long IgnoreIndex;
        public double TotalWeight;
        public double Smoothing;
        public double Scale;
        public VectorPath Path;
        public double* Sums;
    }
}
