namespace Oversight.Grains.Abstractions.Common;

/// <summary>Keys of the singleton grains.</summary>
public static class GrainKeys
{
    public const string Board = "global";
    public const string UnitDirectory = "directory";
    public const string UserDirectory = "directory";
    public const string Seed = "seed";
    public const string ReportCatalog = "catalog";
    public const string Settings = "settings";
    public const string LiveFeedRegistry = "registry";
    public const string OverdueJob = "overdue";
    public const string DemoActivity = "demo";

    /// <summary>A recommendation's id: "{reportId}.{code}", e.g. "mol-digital-2565.F1-R1.1".</summary>
    public static string Recommendation(string reportId, string code) => $"{reportId}.{code}";
}
