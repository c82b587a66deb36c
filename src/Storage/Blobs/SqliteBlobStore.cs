using Microsoft.Data.Sqlite;
using Oversight.Storage.Events;
using Oversight.Storage.Internal;

namespace Oversight.Storage.Blobs;

/// <summary>SQLite blob store (its own pooled connections; the insert is one autocommit statement, durable on return).</summary>
public sealed class SqliteBlobStore : IBlobStore
{
    private readonly string _connectionString;

    public SqliteBlobStore(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = SqliteConnections.Normalize(options.ConnectionString);
    }

    public async Task<BlobInfo> PutAsync(string sha256, string contentType, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var key = BlobLimits.CheckPut(sha256, contentType, content);
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, ct).ConfigureAwait(false);
        await using (var insert = connection.Command("""
            INSERT INTO oversight_blob (sha256, content_type, size, created_at, content)
            VALUES (@sha256, @content_type, @size, @created_at, @content)
            ON CONFLICT (sha256) DO NOTHING;
            """))
        {
            insert.With("@sha256", key).With("@content_type", contentType).With("@size", (long)content.Length)
                .With("@created_at", EventHash.FormatTimestamp(DateTimeOffset.UtcNow));
            insert.Parameters.Add("@content", SqliteType.Blob).Value = content.ToArray();
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        return await ReadInfoAsync(connection, key, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Blob {key} vanished after it was stored.");
    }

    public async Task<(BlobInfo Info, byte[] Content)?> GetAsync(string sha256, CancellationToken ct = default)
    {
        var key = BlobLimits.NormalizeKey(sha256);
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, ct).ConfigureAwait(false);
        await using var select = connection.Command("SELECT content_type, size, created_at, content FROM oversight_blob WHERE sha256 = @sha256;").With("@sha256", key);
        await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        var info = new BlobInfo(key, reader.GetString(0), reader.GetInt64(1), EventHash.ParseTimestamp(reader.GetString(2)));
        return (info, BlobLimits.CheckRead(key, (byte[])reader.GetValue(3)));
    }

    private static async Task<BlobInfo?> ReadInfoAsync(SqliteConnection connection, string key, CancellationToken ct)
    {
        await using var select = connection.Command("SELECT content_type, size, created_at FROM oversight_blob WHERE sha256 = @sha256;").With("@sha256", key);
        await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false)
            ? new BlobInfo(key, reader.GetString(0), reader.GetInt64(1), EventHash.ParseTimestamp(reader.GetString(2)))
            : null;
    }
}
