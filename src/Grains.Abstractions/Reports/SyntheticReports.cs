namespace Oversight.Grains.Abstractions.Reports;

/// <summary>
/// Which reports are synthetic (generated load-test reports "synthetic-NNNNN", the demo copy "demo-…"): the one home
/// of the rule that keeps synthetic data out of real figures.
/// </summary>
public static class SyntheticReports
{
    /// <summary>Every synthetic report id starts with one of these.</summary>
    public static readonly IReadOnlyList<string> IdPrefixes = ["synthetic-", "demo-"];

    /// <summary>The report id of the demo scenario: a labelled copy of the SAO report that demo activity works on.</summary>
    public const string DemoReportId = "demo-mol-digital-2565";

    public static bool IsSynthetic(string reportId) => IdPrefixes.Any(p => reportId.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Whether a recommendation of <paramref name="reportId"/> belongs to <paramref name="dataSet"/>.</summary>
    public static bool In(DataSet dataSet, string reportId) => dataSet switch
    {
        DataSet.Real => !IsSynthetic(reportId),
        DataSet.Synthetic => IsSynthetic(reportId),
        _ => true,
    };

    /// <summary>
    /// The data set a read covers: a chosen report decides it (a synthetic report is the synthetic data set, narrowed to
    /// that report); without one, <paramref name="asked"/> (the default is the real reports).
    /// </summary>
    public static DataSet Of(string? reportId, DataSet asked = DataSet.Real) =>
        reportId is null ? asked : IsSynthetic(reportId) ? DataSet.Synthetic : DataSet.Real;
}

/// <summary>
/// Which data a board or a list covers. Real and synthetic never mix in one answer: the default is the real reports;
/// the synthetic data set (every synthetic report, for load tests and the scale measurements of issue 10) is asked for
/// explicitly and every answer in it says so (<c>synthetic: true</c>).
/// </summary>
public enum DataSet
{
    Real = 0,
    Synthetic = 1,
    /// <summary>Both, for background jobs and tests that count every row; never offered by the API or shown.</summary>
    All = 2,
}
