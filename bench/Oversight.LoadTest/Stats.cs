namespace Oversight.LoadTest;

public static class Stats
{
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        var rank = p / 100.0 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    public static string Summary(IEnumerable<double> values, string unit = "ms")
    {
        var sorted = values.Order().ToArray();
        return $"n={sorted.Length}, p50={Percentile(sorted, 50):F2} {unit}, p90={Percentile(sorted, 90):F2} {unit}, p99={Percentile(sorted, 99):F2} {unit}, max={sorted.LastOrDefault():F2} {unit}";
    }
}
