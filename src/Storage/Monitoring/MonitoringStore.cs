using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Oversight.Storage.Events;
using Oversight.Storage.Internal;
using Oversight.Storage.Projections;

namespace Oversight.Storage.Monitoring;

/// <summary>One monitoring entity's read-model row: its state as JSON, the units that own it, its version.</summary>
public sealed record EntityRow(string Kind, string Id, IReadOnlyList<string> Units, long Version, DateTimeOffset UpdatedAt, bool Synthetic, string State);

/// <summary>The key of an observation: a resend of the same key replaces its value.</summary>
public readonly record struct ObservationKey(string Source, string Metric, string Subject, string Period);

/// <summary>A stored observation (table <c>oversight_observation</c>).</summary>
public sealed record ObservationRow(string Source, string Metric, string Subject, string Period, double Value, DateOnly AsOf, bool Synthetic, long BatchSeq, DateTimeOffset RecordedAt)
{
    public ObservationKey Key => new(Source, Metric, Subject, Period);
}

/// <summary>One insert or replacement of an observation (table <c>oversight_observation_change</c>).</summary>
public sealed record ObservationChangeRow(long BatchSeq, int Item, string Source, string Metric, string Subject, string Period, double Value, double? Previous, DateOnly AsOf);

/// <summary>
/// The monitoring read model and its projections: entity rows, current observations and their changes. Rows are
/// written only through the event store (the projections below, in the append transaction).
/// </summary>
public sealed class MonitoringStore
{
    public const string EntityTable = "oversight_entity";
    public const string ObservationTable = "oversight_observation";
    public const string ChangeTable = "oversight_observation_change";

    public static readonly string[] ObservationKeyColumns = ["source", "metric", "subject", "period"];
    public static readonly string[] ObservationColumns = ["source", "metric", "subject", "period", "value", "as_of", "synthetic", "batch_seq", "recorded_at"];
    public static readonly string[] ChangeColumns = ["batch_seq", "item", "source", "metric", "subject", "period", "value", "previous", "as_of"];

    /// <summary>The change table's key (schema 0017): a subject's changes in order, one B-tree; (batch_seq, item) alone names a change.</summary>
    public static readonly string[] ChangeKeyColumns = ["subject", "batch_seq", "item"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly DbDataSource _source;
    private readonly DatabaseProvider _provider;

    internal MonitoringStore(DbDataSource source, DatabaseProvider provider)
    {
        _source = source;
        _provider = provider;
    }

    // ---------------------------------------------------------------- projections

    /// <summary>An entity's row, upserted with each of its appends.</summary>
    public static RowOp EntityProjection(string kind, string id, IReadOnlyList<string> units, long version, DateTimeOffset updatedAt, bool synthetic, string state) =>
        new UpsertRow(EntityTable, ["kind", "id"],
        [
            new("kind", kind), new("id", id), new("units", JsonSerializer.Serialize(units, Json)), new("version", version),
            new("updated_at", EventHash.FormatTimestamp(updatedAt)), new("synthetic", synthetic), new("state", state),
        ]);

    public static object?[] ObservationValues(ObservationRow o) =>
        [o.Source, o.Metric, o.Subject, o.Period, o.Value, Iso(o.AsOf), o.Synthetic, o.BatchSeq, EventHash.FormatTimestamp(o.RecordedAt)];

    public static object?[] ChangeValues(ObservationChangeRow c) =>
        [c.BatchSeq, c.Item, c.Source, c.Metric, c.Subject, c.Period, c.Value, c.Previous, Iso(c.AsOf)];

    /// <summary>What one ingestion event writes: the new current values and one change row per inserted or replaced value.</summary>
    public static IReadOnlyList<RowOp> ObservationProjection(IReadOnlyList<ObservationRow> current, IReadOnlyList<ObservationChangeRow> changes) =>
    [
        new UpsertMany(ObservationTable, ObservationKeyColumns, ObservationColumns, current.Select(ObservationValues).ToArray()),
        new UpsertMany(ChangeTable, ChangeKeyColumns, ChangeColumns, changes.Select(ChangeValues).ToArray()),
    ];

    // ---------------------------------------------------------------- reads

    public async Task<IReadOnlyList<EntityRow>> ListEntitiesAsync(string kind, CancellationToken ct = default)
    {
        var rows = new List<EntityRow>();
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT kind, id, units, version, updated_at, synthetic, state FROM oversight_entity WHERE kind = @p0 ORDER BY id;", kind);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(ReadEntity(reader));
        }
        return rows;
    }

    public async Task<EntityRow?> GetEntityAsync(string kind, string id, CancellationToken ct = default)
    {
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT kind, id, units, version, updated_at, synthetic, state FROM oversight_entity WHERE kind = @p0 AND id = @p1;", kind, id);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadEntity(reader) : null;
    }

    /// <summary>Every current observation (optionally of subjects starting with a prefix, e.g. "province:"; no index serves the prefix since schema 0017, the board reads the whole table).</summary>
    public async IAsyncEnumerable<ObservationRow> ReadObservationsAsync(string? subjectPrefix = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        var sql = $"SELECT {string.Join(", ", ObservationColumns)} FROM oversight_observation"
            + (subjectPrefix is null ? "" : " WHERE subject >= @p0 AND subject < @p1") + ";";
        await using var command = subjectPrefix is null ? Command(connection, sql) : Command(connection, sql, subjectPrefix, subjectPrefix + "\uFFFF");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            yield return ReadObservation(reader);
        }
    }

    /// <summary>
    /// The current rows of the given keys, each looked up by its primary key (a chunk of keys at a time, joined from a VALUES
    /// list), so the cost follows the number of keys asked for, not the number of rows their subjects already have.
    /// </summary>
    public async Task<Dictionary<ObservationKey, ObservationRow>> GetObservationsAsync(IReadOnlyCollection<ObservationKey> keys, CancellationToken ct = default)
    {
        var found = new Dictionary<ObservationKey, ObservationRow>();
        if (keys.Count == 0)
        {
            return found;
        }
        var wanted = keys.Distinct().ToArray();
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        if (_provider == DatabaseProvider.Sqlite)
        {
            // One parameter, the keys as a JSON array that SQLite's json_each unpacks: Microsoft.Data.Sqlite binds each
            // parameter by name (a linear search of the statement's names), which made the keyed VALUES list below cost
            // more to bind than the lookups themselves (measured: ~10 µs a key at 64 keys a statement).
            await using var command = Command(connection, JsonLookupSql, KeysJson(wanted));
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var row = ReadObservation(reader);
                found[row.Key] = row;
            }
            return found;
        }
        // Every full chunk runs the same statement (prepared once, parameters rebound); only a last, shorter chunk has its own.
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < wanted.Length; start += LookupChunk)
            {
                var count = Math.Min(LookupChunk, wanted.Length - start);
                var command = count == LookupChunk
                    ? full ??= Command(connection, FullLookupSql, new object?[4 * LookupChunk])
                    : Command(connection, LookupSql(count), new object?[4 * count]);
                try
                {
                    for (var i = 0; i < count; i++)
                    {
                        var key = wanted[start + i];
                        command.Parameters[4 * i].Value = key.Source;
                        command.Parameters[4 * i + 1].Value = key.Metric;
                        command.Parameters[4 * i + 2].Value = key.Subject;
                        command.Parameters[4 * i + 3].Value = key.Period;
                    }
                    await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        var row = ReadObservation(reader);
                        found[row.Key] = row;
                    }
                }
                finally
                {
                    if (command != full)
                    {
                        await command.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync().ConfigureAwait(false);
            }
        }
        return found;
    }

    // PostgreSQL: 64 keys (256 parameters) a statement.
    private const int LookupChunk = 64;
    private static readonly string FullLookupSql = LookupSql(LookupChunk);

    /// <summary>The rows of the keys in @p0, a JSON array of [source, metric, subject, period]; CROSS JOIN keeps the keys as the outer loop (one primary-key seek each).</summary>
    private static readonly string JsonLookupSql =
        $"SELECT {string.Join(", ", ObservationColumns.Select(c => "o." + c))} FROM json_each(@p0) k CROSS JOIN oversight_observation o " +
        "WHERE o.source = k.value ->> 0 AND o.metric = k.value ->> 1 AND o.subject = k.value ->> 2 AND o.period = k.value ->> 3;";

    private static string KeysJson(IReadOnlyList<ObservationKey> keys)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(keys.Count * 64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var key in keys)
            {
                json.WriteStartArray();
                json.WriteStringValue(key.Source);
                json.WriteStringValue(key.Metric);
                json.WriteStringValue(key.Subject);
                json.WriteStringValue(key.Period);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The rows of <paramref name="count"/> keys given as parameters @p0… (source, metric, subject, period each). CROSS JOIN keeps
    /// the key list as the outer loop; PostgreSQL (which binds by position) plans it freely.
    /// </summary>
    private static string LookupSql(int count) =>
        $"WITH k (source, metric, subject, period) AS (VALUES {string.Join(", ", Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"(@p{4 * i}, @p{4 * i + 1}, @p{4 * i + 2}, @p{4 * i + 3})")))}) " +
        $"SELECT {string.Join(", ", ObservationColumns.Select(c => "o." + c))} FROM k CROSS JOIN oversight_observation o " +
        "WHERE o.source = k.source AND o.metric = k.metric AND o.subject = k.subject AND o.period = k.period;";

    /// <summary>The changes of one subject's figures, oldest first.</summary>
    public async Task<IReadOnlyList<ObservationChangeRow>> ReadChangesAsync(string subject, CancellationToken ct = default)
    {
        var rows = new List<ObservationChangeRow>();
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT {string.Join(", ", ChangeColumns)} FROM oversight_observation_change WHERE subject = @p0 ORDER BY batch_seq, item;", subject);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(new ObservationChangeRow(reader.GetInt64(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetDouble(6), reader.IsDBNull(7) ? null : reader.GetDouble(7), ParseDate(reader.GetString(8))));
        }
        return rows;
    }

    /// <summary>When each API key was last used (table <c>oversight_api_key_use</c>).</summary>
    public async Task<Dictionary<string, DateTimeOffset>> ReadKeyUseAsync(CancellationToken ct = default)
    {
        var used = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT key_id, last_used_at FROM oversight_api_key_use;");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            used[reader.GetString(0)] = EventHash.ParseTimestamp(reader.GetString(1));
        }
        return used;
    }

    /// <summary>Records the last use of keys (a later time replaces an earlier one; never the other way).</summary>
    public async Task RecordKeyUseAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> uses, CancellationToken ct = default)
    {
        if (uses.Count == 0)
        {
            return;
        }
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        foreach (var (keyId, at) in uses)
        {
            await using var command = Command(connection,
                "INSERT INTO oversight_api_key_use (key_id, last_used_at) VALUES (@p0, @p1) "
                + "ON CONFLICT (key_id) DO UPDATE SET last_used_at = excluded.last_used_at WHERE excluded.last_used_at > oversight_api_key_use.last_used_at;",
                keyId, EventHash.FormatTimestamp(at));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    private static EntityRow ReadEntity(DbDataReader r) => new(r.GetString(0), r.GetString(1),
        JsonSerializer.Deserialize<string[]>(r.GetString(2), Json) ?? [], Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture),
        EventHash.ParseTimestamp(r.GetString(4)), Convert.ToBoolean(r.GetValue(5), CultureInfo.InvariantCulture), r.GetString(6));

    private static ObservationRow ReadObservation(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
        r.GetDouble(4), ParseDate(r.GetString(5)), Convert.ToBoolean(r.GetValue(6), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(7), CultureInfo.InvariantCulture),
        EventHash.ParseTimestamp(r.GetString(8)));

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, string sql, params object?[] values) =>
        DbCommands.Create(connection, null, sql, values);
}
