namespace Oversight.Grains.Abstractions.Reports;

/// <summary>
/// Which reports are synthetic (generated load-test reports "synthetic-NNNNN", the demo copy "demo-…"): the one home
/// of the rule that keeps synthetic data out of real figures.
/// </summary>
public static class SyntheticReports
{
    /// <summary>Every synthetic report id starts with one of these.</summary>
    public static readonly IReadOnlyList<string> IdPrefixes = ["synthetic-", "demo-"];

    public static bool IsSynthetic(string reportId) => IdPrefixes.Any(p => reportId.StartsWith(p, StringComparison.Ordinal));
}
