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

    public static IReadOnlyList<RowOp> Project(RecommendationSummaryRow row) => Project(row, written: null);

    /// <summary>
    /// The same rows, written as a change from <paramref name="written"/>: the row this writer itself wrote last, in the
    /// transaction of the stream's previous event. The summary row's upsert then sets only the columns that changed, and
    /// the unit rows are left alone unless something they carry changed. SQLite and PostgreSQL rewrite an index entry
    /// for every indexed column an update sets, changed or not: setting every column made a progress update write twice
    /// as many pages (10 against 5 WAL frames a write). What the operations state is the same rows either way, so the
    /// verifier and the rebuild use <see cref="Project(RecommendationSummaryRow)"/>. With no <paramref name="written"/>
    /// (a writer's first write, or another recommendation's row) every column is written, which also repairs a row
    /// that had drifted.
    /// </summary>
    public static IReadOnlyList<RowOp> Project(RecommendationSummaryRow row, RecommendationSummaryRow? written)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (written is not null && written.Id != row.Id)
        {
            written = null;
        }

        var summary = SummaryValues(row);
        var ops = new List<RowOp>(2 + row.Units.Count)
        {
            new UpsertRow(SummaryTable, ["id"], summary) { Update = written is null ? null : Changed(summary, SummaryValues(written)) },
        };
        var units = row.Units.Distinct(StringComparer.Ordinal).ToArray();
        IReadOnlyList<string>? unitUpdate = null;
        if (written is not null && units.SequenceEqual(written.Units.Distinct(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            // The same units: their rows exist already; update what changed in what they carry (the unit itself is the same).
            unitUpdate = Changed(UnitValues("", row), UnitValues("", written));
            if (unitUpdate.Count == 0)
            {
                return ops;
            }
        }
        else
        {
            ops.Add(new DeleteRows(UnitTable, "recommendation_id", row.Id));
        }

        foreach (var unit in units)
        {
            // The unit row carries what a unit's list filters and sorts on, so that list never reads the summary rows it skips (schema 0019).
            ops.Add(new UpsertRow(UnitTable, ["unit", "recommendation_id"], UnitValues(unit, row)) { Update = unitUpdate });
        }

        return ops;
    }

    private static ColumnValue[] SummaryValues(RecommendationSummaryRow row) =>
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
    ];

    private static ColumnValue[] UnitValues(string unit, RecommendationSummaryRow row) =>
    [
        new("unit", unit),
        new("recommendation_id", row.Id),
        new("report_id", row.ReportId),
        new("sort_order", row.SortOrder),
        new("code", row.Code),
        new("status", row.Status),
        new("due_date", row.DueDate),
    ];

    /// <summary>The columns whose values differ (both lists name the same columns in the same order).</summary>
    private static List<string> Changed(ColumnValue[] now, ColumnValue[] before)
    {
        var changed = new List<string>();
        for (var i = 0; i < now.Length; i++)
        {
            if (!Equals(now[i].Value, before[i].Value))
            {
                changed.Add(now[i].Column);
            }
        }

        return changed;
    }

    /// <summary>What removes a recommendation's rows (a row whose stream does not exist).</summary>
    public static IReadOnlyList<RowOp> Remove(string id) =>
    [
        new DeleteRows(UnitTable, "recommendation_id", id),
        new DeleteRows(SummaryTable, "id", id),
    ];
}
