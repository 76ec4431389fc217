using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeSound.Learning.Neural;

/// <summary>Element-wise span helpers on Vector512 with a scalar tail.</summary>
internal static class VectorOps
{
    /// <summary>y += x.</summary>
    public static void Add(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Length mismatch: {x.Length} vs {y.Length}.", nameof(y));
        }

        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i + 16 <= x.Length; i += 16)
        {
            (Vector512.LoadUnsafe(ref rx, (nuint)i) + Vector512.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }

        for (; i < x.Length; i++)
        {
            y[i] += x[i];
        }
    }

    /// <summary>y += a · b, element by element (fused multiply-add).</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        if (a.Length != y.Length || b.Length != y.Length)
        {
            throw new ArgumentException($"Length mismatch: {a.Length}, {b.Length} vs {y.Length}.", nameof(y));
        }

        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i + 16 <= y.Length; i += 16)
        {
            Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rb, (nuint)i), Vector512.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }

        for (; i < y.Length; i++)
        {
            y[i] = MathF.FusedMultiplyAdd(a[i], b[i], y[i]);
        }
    }

    /// <summary>y = max(x, 0).</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i + 16 <= x.Length; i += 16)
        {
            Vector512.Max(Vector512.LoadUnsafe(ref rx, (nuint)i), Vector512<float>.Zero).StoreUnsafe(ref ry, (nuint)i);
        }

        for (; i < x.Length; i++)
        {
            y[i] = MathF.Max(x[i], 0f);
        }
    }

    /// <summary>dx = y &gt; 0 ? dy : 0.</summary>
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rdy = ref MemoryMarshal.GetReference(dy);
        ref float rdx = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        for (; i + 16 <= y.Length; i += 16)
        {
            Vector512<float> mask = Vector512.GreaterThan(Vector512.LoadUnsafe(ref ry, (nuint)i), Vector512<float>.Zero);
            (Vector512.LoadUnsafe(ref rdy, (nuint)i) & mask).StoreUnsafe(ref rdx, (nuint)i);
        }

        for (; i < y.Length; i++)
        {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }

    /// <summary>sum[c] += x[r, c] and sumSq[c] += (x[r, c] - shift[c])² over all rows of a [rows, width] block.</summary>
    public static void ColumnSums(ReadOnlySpan<float> x, int width, ReadOnlySpan<float> shift, Span<double> sum, Span<double> sumSq)
    {
        Span<float> s = width <= 1024 ? stackalloc float[width] : new float[width];
        Span<float> q = width <= 1024 ? stackalloc float[width] : new float[width];
        s.Clear();
        q.Clear();
        int rows = x.Length / width;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * width, width);
            int c = 0;
            for (; c + 16 <= width; c += 16)
            {
                Vector512<float> v = Vector512.Create(row.Slice(c, 16));
                Vector512<float> d = v - Vector512.Create(shift.Slice(c, 16));
                (Vector512.Create(s.Slice(c, 16)) + v).CopyTo(s.Slice(c, 16));
                Vector512.FusedMultiplyAdd(d, d, Vector512.Create(q.Slice(c, 16))).CopyTo(q.Slice(c, 16));
            }

            for (; c < width; c++)
            {
                float d = row[c] - shift[c];
                s[c] += row[c];
                q[c] += d * d;
            }

            if ((r & 63) == 63 || r == rows - 1)
            {
                for (int j = 0; j < width; j++)
                {
                    sum[j] += s[j];
                    sumSq[j] += q[j];
                }

                s.Clear();
                q.Clear();
            }
        }
    }
}
