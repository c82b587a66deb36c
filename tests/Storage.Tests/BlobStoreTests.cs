using System.Security.Cryptography;
using System.Text;
using Oversight.Storage.Blobs;
using Xunit;

namespace Oversight.Storage.Tests;

public class BlobStoreTests
{
    private static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Put_get_idempotent_and_verified(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "blob");
        var content = Encoding.UTF8.GetBytes("หลักฐาน evidence file");
        var sha = Sha(content);

        var info = await stores.Blobs.PutAsync(sha, "text/plain", content);
        Assert.Equal(sha, info.Sha256);
        Assert.Equal(content.Length, info.Size);
        Assert.Equal("text/plain", info.ContentType);

        var got = await stores.Blobs.GetAsync(sha);
        Assert.NotNull(got);
        Assert.Equal(info, got.Value.Info);
        Assert.Equal(content, got.Value.Content);

        var again = await stores.Blobs.PutAsync(sha.ToUpperInvariant(), "application/octet-stream", content);
        Assert.Equal(info, again);
        Assert.Equal(1L, await TestDatabases.CountAsync(stores.Options, "oversight_blob"));

        await Assert.ThrowsAsync<ArgumentException>(() => stores.Blobs.PutAsync(Sha([1, 2, 3]), "text/plain", content));
        await Assert.ThrowsAsync<ArgumentException>(() => stores.Blobs.PutAsync("not-a-hash", "text/plain", content));
        Assert.Null(await stores.Blobs.GetAsync(Sha([9])));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_25_MB_blob_round_trips(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "blob-big");
        var content = new byte[BlobLimits.MaxSize];
        new Random(42).NextBytes(content);
        var sha = Sha(content);

        var info = await stores.Blobs.PutAsync(sha, "application/pdf", content);
        Assert.Equal(BlobLimits.MaxSize, info.Size);
        var got = await stores.Blobs.GetAsync(sha);
        Assert.NotNull(got);
        Assert.Equal(sha, Sha(got.Value.Content));

        await Assert.ThrowsAsync<ArgumentException>(() => stores.Blobs.PutAsync(sha, "application/pdf", new byte[BlobLimits.MaxSize + 1]));
    }
}
