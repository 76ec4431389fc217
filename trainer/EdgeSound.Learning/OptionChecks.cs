using System.Runtime.CompilerServices;

namespace EdgeSound.Learning;

/// <summary>Range checks for options records; the exception names the property as "<c>Owner.Property must be ...</c>".</summary>
internal static class OptionChecks
{
    /// <summary>Throws unless <paramref name="value"/> &gt;= <paramref name="min"/>.</summary>
    public static void AtLeast(int value, int min, string owner, [CallerArgumentExpression(nameof(value))] string property = "")
    {
        if (value < min)
        {
            throw new ArgumentOutOfRangeException(property, value, $"{owner}.{property} must be >= {min}.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> &gt;= 0 (NaN fails).</summary>
    public static void NotNegative(double value, string owner, [CallerArgumentExpression(nameof(value))] string property = "")
    {
        if (!(value >= 0))
        {
            throw new ArgumentOutOfRangeException(property, value, $"{owner}.{property} must be >= 0.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> &gt; 0 (NaN fails).</summary>
    public static void Positive(double value, string owner, [CallerArgumentExpression(nameof(value))] string property = "")
    {
        if (!(value > 0))
        {
            throw new ArgumentOutOfRangeException(property, value, $"{owner}.{property} must be > 0.");
        }
    }
}
