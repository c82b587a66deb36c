using Npgsql;
using NpgsqlTypes;
using Oversight.Storage.Events;

namespace Oversight.Storage.Blobs;

/// <summary>PostgreSQL blob store (bytea; one autocommit statement, durable on return).</summary>
public sealed class PostgresBlobStore(NpgsqlDataSource dataSource) : IBlobStore
{
    private readonly NpgsqlDataSource _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    public async Task<BlobInfo> PutAsync(string sha256, string contentType, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var key = BlobLimits.CheckPut(sha256, contentType, content);
        await using var command = _dataSource.CreateCommand("""
            WITH ins AS (
                INSERT INTO oversight_blob (sha256, content_type, size, created_at, content)
                VALUES (@sha256, @content_type, @size, @created_at, @content)
                ON CONFLICT (sha256) DO NOTHING
                RETURNING content_type, size, created_at
            )
            SELECT content_type, size, created_at FROM ins
            UNION ALL
            SELECT content_type, size, created_at FROM oversight_blob WHERE sha256 = @sha256 AND NOT EXISTS (SELECT 1 FROM ins);
            """);
        command.Parameters.AddWithValue("sha256", key);
        command.Parameters.AddWithValue("content_type", contentType);
        command.Parameters.AddWithValue("size", (long)content.Length);
        command.Parameters.AddWithValue("created_at", EventHash.FormatTimestamp(DateTimeOffset.UtcNow));
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("content", NpgsqlDbType.Bytea) { TypedValue = content });
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                return new BlobInfo(key, reader.GetString(0), reader.GetInt64(1), EventHash.ParseTimestamp(reader.GetString(2)));
            }
        }

        // A concurrent put of the same content committed after this statement's snapshot: read it now.
        return (await GetAsync(key, ct).ConfigureAwait(false))?.Info
            ?? throw new InvalidOperationException($"Blob {key} was neither inserted nor found.");
    }

    public async Task<(BlobInfo Info, byte[] Content)?> GetAsync(string sha256, CancellationToken ct = default)
    {
        var key = BlobLimits.NormalizeKey(sha256);
        await using var command = _dataSource.CreateCommand("SELECT content_type, size, created_at, content FROM oversight_blob WHERE sha256 = @sha256;");
        command.Parameters.AddWithValue("sha256", key);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        var info = new BlobInfo(key, reader.GetString(0), reader.GetInt64(1), EventHash.ParseTimestamp(reader.GetString(2)));
        return (info, BlobLimits.CheckRead(key, await reader.GetFieldValueAsync<byte[]>(3, ct).ConfigureAwait(false)));
    }
}
