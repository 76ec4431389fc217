namespace EdgeSound.Learning.Classification;

/// <summary>Parameters of <see cref="Lbfgs"/>.</summary>
public sealed record LbfgsOptions
{
    /// <summary>Correction pairs kept.</summary>
    public int Memory { get; init; } = 10;

    /// <summary>Iteration limit.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Converged when the largest gradient component is at most this.</summary>
    public double GradientTolerance { get; init; } = 1e-6;

    /// <summary>Also stop when (f_k - f_k+1) / max(|f_k|, |f_k+1|, 1) falls to this (scipy's ftol; scikit-learn passes 64 * machine epsilon).</summary>
    public double FunctionTolerance { get; init; } = 64 * 2.220446049250313e-16;

    /// <summary>Function evaluations allowed per line search.</summary>
    public int MaxLineSearch { get; init; } = 50;

    /// <summary>Throws naming the property when a value is out of range.</summary>
    public void Validate()
    {
        if (Memory < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Memory), Memory, "LbfgsOptions.Memory must be >= 1.");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "LbfgsOptions.MaxIterations must be >= 1.");
        }

        if (!(GradientTolerance >= 0) || !(FunctionTolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(GradientTolerance), GradientTolerance, "LbfgsOptions tolerances must be >= 0.");
        }

        if (MaxLineSearch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLineSearch), MaxLineSearch, "LbfgsOptions.MaxLineSearch must be >= 1.");
        }
    }
}

/// <summary>Outcome of a minimization.</summary>
/// <param name="Value">Objective at <paramref name="Point"/>.</param>
/// <param name="Point">Final point.</param>
/// <param name="Iterations">Iterations taken.</param>
/// <param name="GradientNorm">Largest absolute gradient component at the final point.</param>
/// <param name="Converged">True when the gradient or function tolerance was met (not the iteration limit or a failed line search).</param>
public sealed record LbfgsResult(double Value, double[] Point, int Iterations, double GradientNorm, bool Converged);

/// <summary>
/// A differentiable objective: returns f(x) and writes the gradient into <paramref name="gradient"/>.
/// </summary>
public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>
/// Limited-memory BFGS (Nocedal and Wright, Algorithm 7.4, two-loop recursion) with a line search satisfying
/// the strong Wolfe conditions (c1 = 1e-4, c2 = 0.9; bracketing then zoom with cubic interpolation).
/// </summary>
public static class Lbfgs
{
    private const double C1 = 1e-4;
    private const double C2 = 0.9;

    /// <summary>Minimizes <paramref name="objective"/> from <paramref name="start"/> (not modified).</summary>
    public static LbfgsResult Minimize(Objective objective, ReadOnlySpan<double> start, LbfgsOptions? options = null)
    {
        options ??= new LbfgsOptions();
        options.Validate();
        int n = start.Length;
        double[] x = start.ToArray();
        var g = new double[n];
        double f = objective(x, g);
        var s = new double[options.Memory][];
        var y = new double[options.Memory][];
        var rho = new double[options.Memory];
        var alpha = new double[options.Memory];
        for (int m = 0; m < options.Memory; m++)
        {
            s[m] = new double[n];
            y[m] = new double[n];
        }

        var direction = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        int stored = 0;
        int head = 0;
        double gMax = MaxAbs(g);
        if (gMax <= options.GradientTolerance)
        {
            return new LbfgsResult(f, x, 0, gMax, true);
        }

        for (int iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            for (int i = 0; i < n; i++)
            {
                direction[i] = -g[i];
            }

            for (int k = 0; k < stored; k++)
            {
                int m = (head - 1 - k + options.Memory) % options.Memory;
                alpha[m] = rho[m] * Dot(s[m], direction);
                Axpy(direction, -alpha[m], y[m]);
            }

            double gamma = 1.0;
            if (stored > 0)
            {
                int last = (head - 1 + options.Memory) % options.Memory;
                gamma = Dot(s[last], y[last]) / Dot(y[last], y[last]);
            }
            else
            {
                gamma = 1.0 / Math.Max(1.0, Math.Sqrt(Dot(g, g)));
            }

            for (int i = 0; i < n; i++)
            {
                direction[i] *= gamma;
            }

            for (int k = stored - 1; k >= 0; k--)
            {
                int m = (head - 1 - k + options.Memory) % options.Memory;
                double beta = rho[m] * Dot(y[m], direction);
                Axpy(direction, alpha[m] - beta, s[m]);
            }

            double slope = Dot(g, direction);
            if (!(slope < 0))
            {
                for (int i = 0; i < n; i++)
                {
                    direction[i] = -g[i];
                }

                slope = -Dot(g, g);
                stored = 0;
            }

            double step = LineSearch(objective, x, f, slope, direction, xNew, gNew, options.MaxLineSearch, out double fNew);
            if (step <= 0)
            {
                return new LbfgsResult(f, x, iteration, gMax, false);
            }

            double[] sNext = s[head];
            double[] yNext = y[head];
            for (int i = 0; i < n; i++)
            {
                sNext[i] = xNew[i] - x[i];
                yNext[i] = gNew[i] - g[i];
            }

            double sy = Dot(sNext, yNext);
            if (sy > 1e-300)
            {
                rho[head] = 1.0 / sy;
                head = (head + 1) % options.Memory;
                stored = Math.Min(stored + 1, options.Memory);
            }

            double decrease = (f - fNew) / Math.Max(Math.Max(Math.Abs(f), Math.Abs(fNew)), 1.0);
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            f = fNew;
            gMax = MaxAbs(g);
            if (gMax <= options.GradientTolerance || decrease <= options.FunctionTolerance)
            {
                return new LbfgsResult(f, x, iteration, gMax, true);
            }
        }

        return new LbfgsResult(f, x, options.MaxIterations, gMax, false);
    }

    private static double LineSearch(
        Objective objective, double[] x, double f0, double slope0, double[] direction, double[] xNew, double[] gNew,
        int maxEvaluations, out double fNew)
    {
        double previousStep = 0;
        double previousF = f0;
        double previousSlope = slope0;
        double step = 1.0;
        fNew = f0;
        for (int evaluation = 0; evaluation < maxEvaluations; evaluation++)
        {
            double f = Evaluate(objective, x, step, direction, xNew, gNew);
            double slope = Dot(gNew, direction);
            if (f > f0 + C1 * step * slope0 || (evaluation > 0 && f >= previousF) || !double.IsFinite(f))
            {
                return Zoom(objective, x, f0, slope0, direction, xNew, gNew, previousStep, previousF, previousSlope, step, f, slope,
                    maxEvaluations - evaluation - 1, out fNew);
            }

            if (Math.Abs(slope) <= -C2 * slope0)
            {
                fNew = f;
                return step;
            }

            if (slope >= 0)
            {
                return Zoom(objective, x, f0, slope0, direction, xNew, gNew, step, f, slope, previousStep, previousF, previousSlope,
                    maxEvaluations - evaluation - 1, out fNew);
            }

            previousStep = step;
            previousF = f;
            previousSlope = slope;
            step *= 2;
        }

        return 0;
    }

    private static double Zoom(
        Objective objective, double[] x, double f0, double slope0, double[] direction, double[] xNew, double[] gNew,
        double low, double fLow, double slopeLow, double high, double fHigh, double slopeHigh, int maxEvaluations, out double fNew)
    {
        fNew = f0;
        double bestStep = 0;
        double bestF = f0;
        for (int evaluation = 0; evaluation < maxEvaluations; evaluation++)
        {
            double step = Interpolate(low, fLow, slopeLow, high, fHigh, slopeHigh);
            double f = Evaluate(objective, x, step, direction, xNew, gNew);
            double slope = Dot(gNew, direction);
            if (f > f0 + C1 * step * slope0 || f >= fLow || !double.IsFinite(f))
            {
                high = step;
                fHigh = f;
                slopeHigh = slope;
            }
            else
            {
                if (Math.Abs(slope) <= -C2 * slope0)
                {
                    fNew = f;
                    return step;
                }

                if (slope * (high - low) >= 0)
                {
                    high = low;
                    fHigh = fLow;
                    slopeHigh = slopeLow;
                }

                low = step;
                fLow = f;
                slopeLow = slope;
                if (f < bestF)
                {
                    bestF = f;
                    bestStep = step;
                }
            }

            if (Math.Abs(high - low) <= 1e-16 * Math.Max(Math.Abs(low), 1e-300))
            {
                break;
            }
        }

        if (bestStep > 0)
        {
            fNew = Evaluate(objective, x, bestStep, direction, xNew, gNew);
            return bestStep;
        }

        return 0;
    }

    private static double Interpolate(double a, double fa, double ga, double b, double fb, double gb)
    {
        double lo = Math.Min(a, b);
        double hi = Math.Max(a, b);
        if (double.IsFinite(fb) && double.IsFinite(gb))
        {
            double d1 = ga + gb - 3 * (fa - fb) / (a - b);
            double radicand = d1 * d1 - ga * gb;
            if (radicand >= 0)
            {
                double d2 = Math.Sign(b - a) * Math.Sqrt(radicand);
                double t = b - (b - a) * (gb + d2 - d1) / (gb - ga + 2 * d2);
                double margin = 0.1 * (hi - lo);
                if (double.IsFinite(t) && t > lo + margin && t < hi - margin)
                {
                    return t;
                }
            }
        }

        return 0.5 * (a + b);
    }

    private static double Evaluate(Objective objective, double[] x, double step, double[] direction, double[] xNew, double[] gNew)
    {
        for (int i = 0; i < x.Length; i++)
        {
            xNew[i] = x[i] + step * direction[i];
        }

        return objective(xNew, gNew);
    }

    private static double Dot(double[] a, double[] b) => Preprocessing.RowMath.Dot(a, b);

    private static void Axpy(double[] y, double a, double[] x) => Preprocessing.RowMath.AddScaled(y, a, x);

    private static double MaxAbs(double[] v)
    {
        double m = 0;
        foreach (double e in v)
        {
            m = Math.Max(m, Math.Abs(e));
        }

        return m;
    }
}
