using System.Globalization;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace Oversight.Storage.ReadModel;

/// <summary>PostgreSQL read model queries (rows are written by <c>PostgresEventStore</c> in the append transaction).</summary>
public sealed class PostgresRecommendationReadStore(NpgsqlDataSource dataSource) : IRecommendationReadStore
{
    private readonly NpgsqlDataSource _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    public async Task<RecommendationPage> QueryAsync(RecommendationQuery query, CancellationToken ct = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        // One snapshot for the page and the total.
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);

        await using var count = new NpgsqlCommand { Connection = connection, Transaction = tx };
        var where = SummarySql.Where(count, query, d => d);
        count.CommandText = "SELECT COUNT(*) FROM oversight_recommendation_summary s" + where + ";";
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);

        await using var select = new NpgsqlCommand { Connection = connection, Transaction = tx };
        SummarySql.Where(select, query, d => d);
        select.CommandText = "SELECT " + SummarySql.Columns + " FROM oversight_recommendation_summary s" + where + SummarySql.OrderBy + " LIMIT @limit OFFSET @offset;";
        select.Parameters.AddWithValue("limit", query.Limit);
        select.Parameters.AddWithValue("offset", query.Offset);

        var items = new List<RecommendationSummaryRow>();
        await using (var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                items.Add(Read(reader));
            }
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new RecommendationPage(items, total);
    }

    public async Task<RecommendationSummaryRow?> GetAsync(string id, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var command = _dataSource.CreateCommand("SELECT " + SummarySql.Columns + " FROM oversight_recommendation_summary s WHERE s.id = @id;");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async IAsyncEnumerable<RecommendationSummaryRow> ReadAllAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT " + SummarySql.Columns + " FROM oversight_recommendation_summary s" + SummarySql.OrderBy + ";");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    /// <summary>Adds the upsert of a summary row and its unit rows to the caller's batch (inside its transaction).</summary>
    internal static void AddUpsert(NpgsqlBatch batch, RecommendationSummaryRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var upsert = new NpgsqlBatchCommand(SummarySql.UpsertSummary);
        foreach (var (name, value) in SummarySql.SummaryParameters(row, row.DueDate))
        {
            upsert.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        batch.BatchCommands.Add(upsert);

        var deleteUnits = new NpgsqlBatchCommand(SummarySql.DeleteUnits);
        deleteUnits.Parameters.AddWithValue("id", row.Id);
        batch.BatchCommands.Add(deleteUnits);

        var insertUnits = new NpgsqlBatchCommand(
            "INSERT INTO oversight_recommendation_unit (unit, recommendation_id) SELECT DISTINCT u, @id FROM unnest(@units) AS u;");
        insertUnits.Parameters.AddWithValue("id", row.Id);
        insertUnits.Parameters.AddWithValue("units", NpgsqlDbType.Array | NpgsqlDbType.Text, row.Units.ToArray());
        batch.BatchCommands.Add(insertUnits);
    }

    private static RecommendationSummaryRow Read(NpgsqlDataReader reader) =>
        SummarySql.Read(reader, (r, i) => r.GetFieldValue<DateOnly>(i));
}
