using System.Numerics;
using System.Runtime.InteropServices;

namespace EdgeSound.Dsp.Spectral;

/// <summary>Small vectorised kernels for the feature hot loops.</summary>
public static class SpanMath
{
    /// <summary>Smallest positive normal float (numpy's tiny(float32)), the threshold below which librosa leaves a frame unnormalised.</summary>
    public const float Tiny = 1.17549435e-38f;

    /// <summary>Sum of a[i] * b[i] over the shorter length.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = Math.Min(a.Length, b.Length);
        a = a[..n];
        b = b[..n];
        ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
        ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        var acc = Vector<float>.Zero;
        for (int k = 0; k < va.Length; k++)
        {
            acc += va[k] * vb[k];
        }

        float s = Vector.Sum(acc);
        for (int i = va.Length * Vector<float>.Count; i < n; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>Sum of the values.</summary>
    public static float Sum(ReadOnlySpan<float> a)
    {
        ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var acc = Vector<float>.Zero;
        for (int k = 0; k < va.Length; k++)
        {
            acc += va[k];
        }

        float s = Vector.Sum(acc);
        for (int i = va.Length * Vector<float>.Count; i < a.Length; i++)
        {
            s += a[i];
        }

        return s;
    }
}
