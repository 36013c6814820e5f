using System.Threading;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// Runs the blocks of one large call on the calling thread and up to <c>threads - 1</c> thread-pool helpers.
/// Helpers take blocks from a shared counter, so which thread runs a block varies, but every block's sum is written
/// to its own slot and the slots are added in order afterwards: the result does not depend on the thread count.
/// The work items are reused, so a call allocates nothing; a second caller that finds the helpers busy simply runs
/// its blocks alone, with the same result.
/// </summary>
internal static unsafe class KernelWorkers
{
    private static readonly object Gate = new();
    private static readonly ManualResetEventSlim Done = new(false);
    private static Helper[] helpers = [];

    // The job being run; written before the helpers are queued, read by them after they claim their item.
    private static delegate*<void*, int, void> body;
    private static void* job;
    private static int blockCount;
    private static int nextBlock;
    private static int pending;

    /// <summary>Runs <paramref name="run"/> for every block index in [0, <paramref name="blocks"/>).</summary>
    public static void Run(int blocks, int threads, delegate*<void*, int, void> run, void* state)
    {
        if (threads <= 1 || blocks <= 1 || !Monitor.TryEnter(Gate))
        {
            for (int b = 0; b < blocks; b++)
            {
                run(state, b);
            }

            return;
        }

        try
        {
            int helperCount = System.Math.Min(threads, blocks) - 1;
            if (helpers.Length < helperCount)
            {
                System.Array.Resize(ref helpers, helperCount);
            }

            body = run;
            job = state;
            blockCount = blocks;
            nextBlock = 0;
            pending = helperCount;
            Done.Reset();
            for (int h = 0; h < helperCount; h++)
            {
                // An item still queued from an earlier call (cancelled before it started) cannot be queued again.
                if (helpers[h] is null || Volatile.Read(ref helpers[h].State) != Helper.Idle)
                {
                    helpers[h] = new Helper();
                }

                helpers[h].State = Helper.Queued;
                ThreadPool.UnsafeQueueUserWorkItem(helpers[h], preferLocal: false);
            }

            Work();

            // Helpers that never started (a busy pool) are cancelled rather than waited for: the blocks are done.
            for (int h = 0; h < helperCount; h++)
            {
                if (Interlocked.CompareExchange(ref helpers[h].State, Helper.Cancelled, Helper.Queued) == Helper.Queued)
                {
                    Interlocked.Decrement(ref pending);
                }
            }

            // A helper of an earlier call may still be on its way to Done.Set() (it decrements first), so a wake-up
            // means "look again", never "finished".
            while (Volatile.Read(ref pending) > 0)
            {
                Done.Wait();
                Done.Reset();
            }
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private static void Work()
    {
        int b;
        while ((b = Interlocked.Increment(ref nextBlock) - 1) < blockCount)
        {
            body(job, b);
        }
    }

    private sealed class Helper : IThreadPoolWorkItem
    {
        public const int Idle = 0;
        public const int Queued = 1;
        public const int Running = 2;
        public const int Cancelled = 3;

        public int State;

        public void Execute()
        {
            if (Interlocked.CompareExchange(ref State, Running, Queued) != Queued)
            {
                // Cancelled by the caller, who has finished without us; the item may be used again.
                Volatile.Write(ref State, Idle);
                return;
            }

            Work();
            Volatile.Write(ref State, Idle);
            if (Interlocked.Decrement(ref pending) == 0)
            {
                Done.Set();
            }
        }
    }
}
