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
        await using var select = new NpgsqlCommand { Connection = connection, Transaction = tx };
        SummarySql.Page(count, select, query, d => d);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);

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

    private static RecommendationSummaryRow Read(NpgsqlDataReader reader) =>
        SummarySql.Read(reader, (r, i) => r.GetFieldValue<DateOnly>(i));
}
