using Oversight.Storage.Events;
using Oversight.Storage.Projections;

namespace Oversight.Storage.ReadModel;

/// <summary>
/// The recommendation read model as row operations: the summary row, then the complete set of its unit rows. The
/// recommendation grain hands these to the event store with each append; the verifier and the rebuild use the same.
/// </summary>
public static class RecommendationProjection
{
    public const string SummaryTable = "oversight_recommendation_summary";
    public const string UnitTable = "oversight_recommendation_unit";

    public static IReadOnlyList<RowOp> Project(RecommendationSummaryRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var ops = new List<RowOp>(2 + row.Units.Count)
        {
            new UpsertRow(SummaryTable, ["id"],
            [
                new("id", row.Id),
                new("report_id", row.ReportId),
                new("code", row.Code),
                new("finding_code", row.FindingCode),
                new("parent_id", row.ParentId),
                new("sort_order", row.SortOrder),
                new("title_th", row.TitleTh),
                new("title_en", row.TitleEn),
                new("units", SummarySql.UnitsToJson(row.Units)),
                new("response", row.Response),
                new("status", row.Status),
                new("progress", row.Progress),
                new("due_date", row.DueDate),
                new("version", row.Version),
                new("updated_at", EventHash.FormatTimestamp(row.UpdatedAt)),
                new("updated_by", row.UpdatedBy),
                new("pending_extension_id", row.PendingExtensionId),
                new("pending_extension_due", row.PendingExtensionDueDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                new("reopened_at", row.ReopenedAt is { } reopened ? EventHash.FormatTimestamp(reopened) : null),
            ]),
            new DeleteRows(UnitTable, "recommendation_id", row.Id),
        };
        foreach (var unit in row.Units.Distinct(StringComparer.Ordinal))
        {
            // The unit row carries what a unit's list filters and sorts on, so that list never reads the summary rows it skips (schema 0019).
            ops.Add(new UpsertRow(UnitTable, ["unit", "recommendation_id"],
            [
                new("unit", unit),
                new("recommendation_id", row.Id),
                new("report_id", row.ReportId),
                new("sort_order", row.SortOrder),
                new("code", row.Code),
                new("status", row.Status),
                new("due_date", row.DueDate),
            ]));
        }

        return ops;
    }

    /// <summary>What removes a recommendation's rows (a row whose stream does not exist).</summary>
    public static IReadOnlyList<RowOp> Remove(string id) =>
    [
        new DeleteRows(UnitTable, "recommendation_id", id),
        new DeleteRows(SummaryTable, "id", id),
    ];
}
