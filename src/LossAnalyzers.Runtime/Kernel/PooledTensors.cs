using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// CPU tensors over native buffers that are reused once libtorch lets go of them. libtorch's CPU allocator does not
/// cache: every large tensor is a fresh mmap whose pages fault in on first touch (about 50 ms for 64 MB here),
/// which at 2^24 elements costs more than the kernel itself. The gradient buffer of the fused loss is the one
/// tensor per call that can be recycled safely: it is created with a deleter (libtorch's <c>from_blob</c> through
/// TorchSharp's own <c>THSTensor_new</c>), and libtorch calls the deleter when the last reference to the storage
/// goes, wherever that reference was (autograd, a hook, a retained <c>.grad</c>). Only then does the buffer go
/// back to the pool, so no tensor anyone can still see ever shares memory with a new one.
/// </summary>
/// <remarks>
/// The pool keeps at most <see cref="Slots"/> idle buffers, replacing the least recently returned, and frees the
/// rest. Where the TorchSharp native entry point does not have the signature this was written against (checked
/// once against TorchSharp's own declaration), tensors come from <c>torch.empty</c> instead.
/// </remarks>
internal static unsafe class PooledTensors
{
    /// <summary>Idle buffers kept for reuse.</summary>
    public const int Slots = 4;

    /// <summary>Smaller buffers come from libtorch: its allocator serves them from the heap without page faults.</summary>
    public const long MinPooledBytes = 64 * 1024;

    // The byte size of a buffer sits in front of its data; 64 keeps the data cache-line (and AVX-512) aligned.
    private const int Header = 64;

    private static readonly object Gate = new();
    private static readonly nint[] IdleBlocks = new nint[Slots];
    private static readonly long[] IdleStamps = new long[Slots];
    private static long clock;
    private static readonly Lazy<bool> NativeEntryMatches = new(CheckNativeEntry);

    /// <summary>Buffers created so far (tests use it to see reuse).</summary>
    internal static long Allocations;

    /// <summary>A contiguous CPU tensor shaped and typed like <paramref name="like"/>, contents uninitialised, from the pool where it is large enough.</summary>
    public static Tensor EmptyLike(Tensor like)
    {
        var dtype = like.dtype;
        long bytes = like.numel() * (dtype == ScalarType.Float64 ? 8 : 4);
        if (bytes < MinPooledBytes || !NativeEntryMatches.Value)
        {
            return torch.empty_like(like, dtype: dtype, device: torch.CPU, requires_grad: false);
        }

        // Sizes through size(i) into the stack: .shape would allocate an array per call.
        int rank = (int)like.ndim;
        long* dims = stackalloc long[Math.Max(rank, 1)];
        for (int i = 0; i < rank; i++)
        {
            dims[i] = like.size(i);
        }

        byte* block = Rent(bytes);
        IntPtr handle = THSTensor_new(block + Header, &Release, dims, rank, (sbyte)dtype, (sbyte)dtype, (int)DeviceType.CPU, 0, 0);
        if (handle == IntPtr.Zero)
        {
            Free(block);
            ClearTorchError();
            return torch.empty_like(like, dtype: dtype, device: torch.CPU, requires_grad: false);
        }

        return Tensor.UnsafeCreateTensor(handle);
    }

    private static byte* Rent(long bytes)
    {
        lock (Gate)
        {
            for (int s = 0; s < Slots; s++)
            {
                byte* idle = (byte*)IdleBlocks[s];
                if (idle is not null && *(long*)idle == bytes)
                {
                    IdleBlocks[s] = 0;
                    return idle;
                }
            }
        }

        System.Threading.Interlocked.Increment(ref Allocations);
        byte* block = (byte*)NativeMemory.AlignedAlloc((nuint)(bytes + Header), Header);
        *(long*)block = bytes;
        return block;
    }

    // libtorch's deleter: runs on whichever thread drops the last reference (autograd, a finalizer, ...).
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Release(void* data)
    {
        byte* block = (byte*)data - Header;
        byte* evicted = block;
        lock (Gate)
        {
            int oldest = 0;
            for (int s = 0; s < Slots; s++)
            {
                if (IdleBlocks[s] == 0)
                {
                    oldest = s;
                    break;
                }

                if (IdleStamps[s] < IdleStamps[oldest])
                {
                    oldest = s;
                }
            }

            evicted = (byte*)IdleBlocks[oldest];
            IdleBlocks[oldest] = (nint)block;
            IdleStamps[oldest] = ++clock;
        }

        if (evicted is not null)
        {
            Free(evicted);
        }
    }

    private static void Free(byte* block) => NativeMemory.AlignedFree(block);

    private static void ClearTorchError()
    {
        try
        {
            torch.CheckForErrors();
        }
        catch (ExternalException)
        {
            // The error is the one reported by the fallback path's own allocation, if any; this one is handled.
        }
    }

    // The declaration below must match the native function of the TorchSharp version in use. TorchSharp declares
    // the same entry point for itself; compare parameter types with it rather than trusting a version number.
    private static bool CheckNativeEntry()
    {
        try
        {
            var native = typeof(torch).Assembly.GetType("TorchSharp.PInvoke.NativeMethods");
            var method = native?.GetMethod("THSTensor_new", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);
            if (method is null)
            {
                return false;
            }

            var expected = new[] { typeof(IntPtr), null, typeof(IntPtr), typeof(int), typeof(sbyte), typeof(sbyte), typeof(int), typeof(int), typeof(bool) };
            var actual = method.GetParameters();
            if (actual.Length != expected.Length)
            {
                return false;
            }

            for (int i = 0; i < actual.Length; i++)
            {
                var type = actual[i].ParameterType;
                bool ok = expected[i] is null ? typeof(Delegate).IsAssignableFrom(type) : type == expected[i];
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is TypeLoadException or AmbiguousMatchException or MemberAccessException)
        {
            return false;
        }
    }

    // TorchSharp's from_blob: data, deleter(data), sizes, rank, source type, tensor dtype, device, index, requires_grad.
    [DllImport("LibTorchSharp")]
    private static extern IntPtr THSTensor_new(void* data, delegate* unmanaged[Cdecl]<void*, void> deleter, long* sizes, int rank,
        sbyte type, sbyte dtype, int deviceType, int deviceIndex, byte requiresGrad);
}
