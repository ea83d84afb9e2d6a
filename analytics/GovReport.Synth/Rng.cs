namespace GovReport.Synth;

/// <summary>The distributions the generator draws from, all on one seeded <see cref="Random"/>.</summary>
internal sealed class Rng(int seed)
{
    private readonly Random _r = new(seed);

    public double Next() => _r.NextDouble();
    public int Int(int minInclusive, int maxExclusive) => _r.Next(minInclusive, maxExclusive);
    public bool Chance(double p) => _r.NextDouble() < p;
    public T Pick<T>(IReadOnlyList<T> items) => items[_r.Next(items.Count)];

    public double Normal()
    {
        double u1 = 1.0 - _r.NextDouble(), u2 = _r.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A log-normal draw with the given median and log-sd.</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    /// <summary>A count: zero with probability <paramref name="pZero"/>, else a rounded log-normal (at least 1).</summary>
    public int Count(double median, double sigma, double pZero = 0)
    {
        if (median <= 0 || Chance(pZero)) return 0;
        double v = LogNormal(median, sigma);
        return (int)Math.Max(1, Math.Min(5_000_000, Math.Round(v)));
    }

    public int Poisson(double lambda)
    {
        if (lambda <= 0) return 0;
        if (lambda > 30) return Math.Max(0, (int)Math.Round(lambda + Math.Sqrt(lambda) * Normal()));
        double l = Math.Exp(-lambda), p = 1; int k = 0;
        do { k++; p *= _r.NextDouble(); } while (p > l);
        return k - 1;
    }

    public int Binomial(int n, double p)
    {
        if (n <= 0 || p <= 0) return 0;
        if (n > 200) return Math.Clamp((int)Math.Round(n * p + Math.Sqrt(n * p * (1 - p)) * Normal()), 0, n);
        int k = 0;
        for (int i = 0; i < n; i++) if (_r.NextDouble() < p) k++;
        return k;
    }

    /// <summary>Splits <paramref name="n"/> items over categories with the given weights.</summary>
    public int[] Multinomial(int n, IReadOnlyList<double> weights)
    {
        var result = new int[weights.Count];
        double rest = weights.Sum();
        int left = n;
        for (int i = 0; i < weights.Count - 1 && left > 0; i++)
        {
            int k = Binomial(left, rest <= 0 ? 0 : Math.Min(1, weights[i] / rest));
            result[i] = k; left -= k; rest -= weights[i];
        }
        result[^1] += left;
        return result;
    }
}
