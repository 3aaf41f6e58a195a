using System.Numerics;
using System.Runtime.CompilerServices;
using HessianLab.Core;
using static TorchSharp.torch;

namespace HessianLab.Structure;

public sealed partial class BlockMap
{
    /// <summary>Both maps in one pass over the matrix's memory: for every row of block I and every block J, the sum of
    /// squares and of absolute values of the row's segment in J's columns (float64 accumulators, also for float32 input,
    /// so no float64 copy is made). Row blocks run in parallel, each owning its row of the maps, so the result does not
    /// depend on the thread count.</summary>
    /// <remarks>The libtorch path reads the matrix twice (ord-2 and ord-1 norms over strided views of row bands): on the
    /// talk's 8000² Hessian the metrics took 0.3 s that way.</remarks>
    private static unsafe BlockMap ComputeFromRows(Tensor h, BlockPartition partition)
    {
        int k = partition.Count;
        long p = h.shape[1];
        var blocks = partition.Blocks;
        var byStart = Enumerable.Range(0, k).OrderBy(j => blocks[j].Start).ToArray();   // columns left to right
        var energy = new double[k, k];
        var absSum = new double[k, k];
        long address = TensorMemory.FirstElementAddress(h);
        bool single = h.dtype == ScalarType.Float32;
        Parallel.For(0, k, () => (new double[k], new double[k]), (i, _, sums) =>
        {
            var (e, a) = sums;
            RowBlockSums(blocks, byStart, blocks[i], address, p, single, e, a);
            for (int j = 0; j < k; j++)
            {
                energy[i, j] = e[j];
                absSum[i, j] = a[j];
            }
            return sums;
        }, _ => { });
        GC.KeepAlive(h);
        return new BlockMap(partition, energy, absSum);
    }

    /// <summary>e[j], a[j] = Σ x², Σ |x| over the rows of <paramref name="rows"/> and the columns of block j. Compiled
    /// optimized from the first call (tiered compilation would start it unoptimized).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RowBlockSums(IReadOnlyList<Models.ParameterBlock> blocks, int[] byStart, Models.ParameterBlock rows,
        long address, long p, bool single, double[] e, double[] a)
    {
        Array.Clear(e);
        Array.Clear(a);
        for (long r = rows.Start; r < rows.End; r++)
            foreach (int j in byStart)
            {
                long offset = r * p + blocks[j].Start;
                var (sq, ab) = single ? Sums((float*)address + offset, blocks[j].Length) : Sums((double*)address + offset, blocks[j].Length);
                e[j] += sq;
                a[j] += ab;
            }
    }

    /// <summary>(Σ x², Σ |x|) of n doubles, in SIMD lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe (double Squares, double Abs) Sums(double* x, int n)
    {
        var sq = Vector<double>.Zero;
        var ab = Vector<double>.Zero;
        int i = 0, w = Vector<double>.Count;
        for (; i <= n - w; i += w)
        {
            var v = Unsafe.ReadUnaligned<Vector<double>>(x + i);
            sq += v * v;
            ab += Vector.Abs(v);
        }
        double s = Vector.Sum(sq), a = Vector.Sum(ab);
        for (; i < n; i++)
        {
            s += x[i] * x[i];
            a += Math.Abs(x[i]);
        }
        return (s, a);
    }

    /// <summary>(Σ x², Σ |x|) of n floats, widened to double before squaring.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe (double Squares, double Abs) Sums(float* x, int n)
    {
        var sq = Vector<double>.Zero;
        var ab = Vector<double>.Zero;
        int i = 0, w = Vector<float>.Count;
        for (; i <= n - w; i += w)
        {
            Vector.Widen(Unsafe.ReadUnaligned<Vector<float>>(x + i), out var lo, out var hi);
            sq += lo * lo + hi * hi;
            ab += Vector.Abs(lo) + Vector.Abs(hi);
        }
        double s = Vector.Sum(sq), a = Vector.Sum(ab);
        for (; i < n; i++)
        {
            double v = x[i];
            s += v * v;
            a += Math.Abs(v);
        }
        return (s, a);
    }
}
