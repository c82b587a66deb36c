using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Oversight.Storage.Events;
using Oversight.Storage.Internal;

namespace Oversight.Storage.ReadModel;

/// <summary>SQLite read model queries (pooled read connections; rows are written by <see cref="SqliteEventStore"/>).</summary>
public sealed class SqliteRecommendationReadStore : IRecommendationReadStore
{
    private readonly string _connectionString;

    public SqliteRecommendationReadStore(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = SqliteConnections.Normalize(options.ConnectionString);
    }

    public async Task<RecommendationPage> QueryAsync(RecommendationQuery query, CancellationToken ct = default)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, ct).ConfigureAwait(false);
        // One read transaction: the page and the total come from the same snapshot.
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

        await using var count = connection.CreateCommand();
        count.Transaction = tx;
        await using var select = connection.CreateCommand();
        select.Transaction = tx;
        SummarySql.Page(count, select, query, d => SqliteDates.Format(d));
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
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, ct).ConfigureAwait(false);
        await using var command = connection.Command("SELECT " + SummarySql.Columns + " FROM oversight_recommendation_summary s WHERE s.id = @id;").With("@id", id);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async IAsyncEnumerable<RecommendationSummaryRow> ReadAllAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, ct).ConfigureAwait(false);
        await using var command = connection.Command("SELECT " + SummarySql.Columns + " FROM oversight_recommendation_summary s" + SummarySql.OrderBy + ";");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    private static RecommendationSummaryRow Read(SqliteDataReader reader) =>
        SummarySql.Read(reader, (r, i) => SqliteDates.Parse(r.GetString(i)));
}
