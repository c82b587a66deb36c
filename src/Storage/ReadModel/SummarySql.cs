using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Oversight.Storage.Events;

namespace Oversight.Storage.ReadModel;

/// <summary>SQL shared by the SQLite and PostgreSQL read-model code. Every value is a bound parameter.</summary>
internal static class SummarySql
{
    public const int MaxLimit = 1000;

    public const string Columns =
        "s.id, s.report_id, s.code, s.finding_code, s.parent_id, s.sort_order, s.title_th, s.title_en, s.units, " +
        "s.response, s.status, s.progress, s.due_date, s.version, s.updated_at, s.updated_by, " +
        "s.pending_extension_id, s.pending_extension_due, s.reopened_at";

    public static readonly string OrderBy = Order(new RecommendationQuery());

    /// <summary>
    /// A list's order with <paramref name="id"/> as the recommendation id column: by id alone for keyset pages, else the
    /// query's <see cref="RecommendationQuery.Order"/> (the id last, so equal keys still sort one way).
    /// </summary>
    public static string Order(RecommendationQuery query, string id = "s.id") => query.AfterId is not null ? $" ORDER BY {id}" : query.Order switch
    {
        RecommendationOrder.LeastRecentlyUpdated => $" ORDER BY s.updated_at, {id}",
        RecommendationOrder.MostRecentlyReopened => $" ORDER BY s.reopened_at DESC NULLS LAST, {id}",
        _ => $" ORDER BY s.report_id, s.sort_order, s.code, {id}",
    };

    /// <summary>Statuses that count as open for the overdue rule (fixed literals, not user input).</summary>
    public const string OverdueCondition = "(s.due_date < @today AND s.status IN ('not-started', 'in-progress'))";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string UnitsToJson(IReadOnlyList<string>? units)
    {
        if (units is null)
        {
            throw new ArgumentException("RecommendationSummaryRow.Units must not be null (use an empty list).", nameof(units));
        }

        foreach (var unit in units)
        {
            if (string.IsNullOrEmpty(unit))
            {
                throw new ArgumentException("RecommendationSummaryRow.Units must not contain null or empty unit codes.", nameof(units));
            }
        }

        return JsonSerializer.Serialize(units, Json);
    }

    public static IReadOnlyList<string> UnitsFromJson(string json) =>
        JsonSerializer.Deserialize<string[]>(json, Json) ?? [];

    public static void Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name.StartsWith('@') ? name : "@" + name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }

    /// <summary>
    /// Writes a page query into two commands of one read transaction: <paramref name="count"/> counts every match and
    /// <paramref name="select"/> reads the page. Both walk a covering index (schema 0019) and touch summary rows only
    /// for the page itself: a list with a unit reads <c>oversight_recommendation_unit</c>, which carries the columns
    /// the filters and the order need; any other list reads the summary table's <c>(report_id, sort_order, code, id,
    /// status, due_date)</c> index. So a count or a deep page costs index entries, not rows.
    /// <paramref name="date"/> converts a DateOnly to the provider's value.
    /// </summary>
    public static void Page(DbCommand count, DbCommand select, RecommendationQuery query, Func<DateOnly, object> date)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Every filter but these two, and the register order, are on columns the unit table carries.
        var byUnit = query.Unit is not null && query.HasPendingExtension is null && query.ReopenedSince is null && query.Order == RecommendationOrder.Register;
        var (table, id) = byUnit ? (RecommendationProjection.UnitTable, "s.recommendation_id") : (RecommendationProjection.SummaryTable, "s.id");
        var where = Where(count, query, date, byUnit, id);
        Where(select, query, date, byUnit, id);
        var order = Order(query, id);
        count.CommandText = $"SELECT COUNT(*) FROM {table} s{where};";
        select.CommandText = $"SELECT {Columns} FROM {RecommendationProjection.SummaryTable} s WHERE s.id IN " +
            $"(SELECT {id} FROM {table} s{where}{order} LIMIT @limit OFFSET @offset){query.OrderBy};";
        Add(select, "limit", query.Limit);
        Add(select, "offset", query.Offset);
    }

    /// <summary>The WHERE clause of a page query over the summary table (alias s) or, with <paramref name="byUnit"/>, the unit table.</summary>
    private static string Where(DbCommand command, RecommendationQuery query, Func<DateOnly, object> date, bool byUnit, string id)
    {
        if (query.Offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Offset, "Offset must be 0 or more.");
        }

        if (query.Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"Limit must be between 1 and {MaxLimit}.");
        }

        var clauses = new List<string>();
        if (query.ReportId is not null)
        {
            clauses.Add("s.report_id = @report_id");
            Add(command, "report_id", query.ReportId);
        }

        if (query.Unit is not null)
        {
            clauses.Add(byUnit ? "s.unit = @unit" : $"s.id IN (SELECT u.recommendation_id FROM {RecommendationProjection.UnitTable} u WHERE u.unit = @unit)");
            Add(command, "unit", query.Unit);
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = new StringBuilder();
            for (var i = 0; i < statuses.Count; i++)
            {
                var name = "status" + i.ToString(CultureInfo.InvariantCulture);
                names.Append(i == 0 ? "@" : ", @").Append(name);
                Add(command, name, statuses[i] ?? throw new ArgumentException("Statuses must not contain null.", nameof(query)));
            }

            clauses.Add($"s.status IN ({names})");
        }

        if (query.Overdue is { } overdue)
        {
            if (query.Today is not { } today)
            {
                throw new ArgumentException("RecommendationQuery.Today is required when Overdue is set.", nameof(query));
            }

            clauses.Add(overdue ? OverdueCondition : "NOT " + OverdueCondition);
            Add(command, "today", date(today));
        }

        if (query.HasPendingExtension is { } pending)
        {
            clauses.Add(pending ? "s.pending_extension_id IS NOT NULL" : "s.pending_extension_id IS NULL");
        }

        if (query.ExcludeReportPrefixes is { Count: > 0 } excluded)
        {
            clauses.Add("NOT " + AnyReportPrefix(command, "exclude", excluded));
        }

        if (query.OnlyReportPrefixes is { Count: > 0 } only)
        {
            clauses.Add(AnyReportPrefix(command, "only", only));
        }

        if (query.AfterId is { } after)
        {
            clauses.Add($"{id} > @after_id");
            Add(command, "after_id", after);
        }

        if (query.ReopenedSince is { } since)
        {
            clauses.Add("s.reopened_at >= @reopened_since");
            Add(command, "reopened_since", EventHash.FormatTimestamp(since));
        }

        return clauses.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", clauses);
    }

    /// <summary>"The report id starts with one of <paramref name="prefixes"/>", each bound as its own escaped LIKE pattern.</summary>
    private static string AnyReportPrefix(DbCommand command, string name, IReadOnlyList<string> prefixes)
    {
        var any = new List<string>(prefixes.Count);
        for (var i = 0; i < prefixes.Count; i++)
        {
            var parameter = name + i.ToString(CultureInfo.InvariantCulture);
            any.Add($"s.report_id LIKE @{parameter} ESCAPE '\\'");
            Add(command, parameter, EscapeLike(prefixes[i]) + "%");
        }

        return "(" + string.Join(" OR ", any) + ")";
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    public static RecommendationSummaryRow Read(DbDataReader r, Func<DbDataReader, int, DateOnly> dueDate) => new(
        Id: r.GetString(0),
        ReportId: r.GetString(1),
        Code: r.GetString(2),
        FindingCode: r.GetString(3),
        ParentId: r.IsDBNull(4) ? null : r.GetString(4),
        SortOrder: Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture),
        TitleTh: r.GetString(6),
        TitleEn: r.GetString(7),
        Units: UnitsFromJson(r.GetString(8)),
        Response: r.IsDBNull(9) ? null : r.GetString(9),
        Status: r.GetString(10),
        Progress: Convert.ToInt32(r.GetValue(11), CultureInfo.InvariantCulture),
        DueDate: dueDate(r, 12),
        Version: Convert.ToInt64(r.GetValue(13), CultureInfo.InvariantCulture),
        UpdatedAt: EventHash.ParseTimestamp(r.GetString(14)),
        UpdatedBy: r.GetString(15),
        PendingExtensionId: r.IsDBNull(16) ? null : r.GetString(16),
        PendingExtensionDueDate: r.IsDBNull(17) ? null : DateOnly.ParseExact(r.GetString(17), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        ReopenedAt: r.IsDBNull(18) ? null : EventHash.ParseTimestamp(r.GetString(18)));
}
