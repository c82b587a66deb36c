namespace Oversight.Storage.ReadModel;

/// <summary>One recommendation as shown in lists (table <c>oversight_recommendation_summary</c>).</summary>
public sealed record RecommendationSummaryRow(
    string Id,
    string ReportId,
    string Code,
    string FindingCode,
    string? ParentId,
    int SortOrder,
    string TitleTh,
    string TitleEn,
    IReadOnlyList<string> Units,
    string? Response,
    string Status,
    int Progress,
    DateOnly DueDate,
    long Version,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    string? PendingExtensionId = null,
    DateOnly? PendingExtensionDueDate = null,
    DateTimeOffset? ReopenedAt = null);

/// <summary>
/// Filters (all optional, combined with AND). <see cref="Statuses"/>: null or empty = any status.
/// <see cref="Overdue"/>: true = <c>DueDate &lt; Today</c> and status "not-started" or "in-progress"; false = the
/// negation; <see cref="Today"/> is required when <see cref="Overdue"/> is set. <see cref="Limit"/> is 1..1000.
/// <see cref="ExcludeReportPrefixes"/>: rows whose report id starts with any of these are left out;
/// <see cref="OnlyReportPrefixes"/>: only rows whose report id starts with one of these (the synthetic data set).
/// <see cref="AfterId"/>: keyset paging for background jobs: only rows whose id sorts after it, ordered by id, so a page
/// costs the same at any depth and rows changing status between pages never shift one past the cursor.
/// </summary>
public sealed record RecommendationQuery(
    string? ReportId = null,
    string? Unit = null,
    IReadOnlyList<string>? Statuses = null,
    bool? Overdue = null,
    DateOnly? Today = null,
    int Offset = 0,
    int Limit = 100,
    bool? HasPendingExtension = null,
    DateTimeOffset? ReopenedSince = null,
    IReadOnlyList<string>? ExcludeReportPrefixes = null,
    string? AfterId = null,
    IReadOnlyList<string>? OnlyReportPrefixes = null,
    RecommendationOrder Order = RecommendationOrder.Register)
{
    /// <summary>
    /// The ORDER BY of this query: by id for keyset paging (<see cref="AfterId"/> set, "" for the first page), else
    /// <see cref="Order"/>. A page is cut after the rows are sorted, so the first page of a queue holds its oldest items.
    /// </summary>
    public string OrderBy => SummarySql.Order(this);
}

/// <summary>The order a list's rows are sorted in before a page is cut from it.</summary>
public enum RecommendationOrder
{
    /// <summary>The register's order: report, sort order, code.</summary>
    Register,

    /// <summary>Longest unchanged first (<c>updated_at</c> ascending): a queue's oldest waiting item leads.</summary>
    LeastRecentlyUpdated,

    /// <summary>Most recently reopened first (<c>reopened_at</c> descending).</summary>
    MostRecentlyReopened,
}

/// <summary>A page of results and the total number of rows matching the filters.</summary>
public sealed record RecommendationPage(IReadOnlyList<RecommendationSummaryRow> Items, int Total);

/// <summary>Reads the recommendation read model. Rows are written by <c>IEventStore.AppendAsync(…, summary)</c>.</summary>
public interface IRecommendationReadStore
{
    /// <summary>Rows ordered by report_id, sort_order, code (then id).</summary>
    Task<RecommendationPage> QueryAsync(RecommendationQuery query, CancellationToken ct = default);

    Task<RecommendationSummaryRow?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>Every row, in the same order as <see cref="QueryAsync"/>.</summary>
    IAsyncEnumerable<RecommendationSummaryRow> ReadAllAsync(CancellationToken ct = default);
}

public static class RecommendationReadStoreExtensions
{
    /// <summary>
    /// Every row <paramref name="query"/> matches (its own offset and limit ignored), read <paramref name="pageSize"/>
    /// at a time in the query's order, so no caller stops at its first page.
    /// </summary>
    public static async IAsyncEnumerable<RecommendationSummaryRow> QueryAllAsync(this IRecommendationReadStore store, RecommendationQuery query,
        int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var offset = 0; ;)
        {
            var page = await store.QueryAsync(query with { Offset = offset, Limit = pageSize }, ct);
            foreach (var row in page.Items)
            {
                yield return row;
            }
            offset += page.Items.Count;
            if (page.Items.Count == 0 || offset >= page.Total)
            {
                yield break;
            }
        }
    }
}
