using Oversight.Storage.Events;
using Xunit;

namespace Oversight.Storage.Tests;

public class ChainVerifierTests
{
    private static async Task<StoreSet> SeedAsync(DatabaseProvider provider, string prefix)
    {
        var stores = await StoreSet.CreateAsync(provider, prefix);
        await stores.Events.AppendAsync("rec-1", 0, [Samples.Event("a"), Samples.Event("b"), Samples.Event("c")]);
        await stores.Events.AppendAsync("rec-2", 0, [Samples.Event("a"), Samples.Event("b")]);
        await stores.Events.AppendAsync("rec-1", 3, [Samples.Event("d")]);
        return stores;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_untouched_store_is_intact(DatabaseProvider provider)
    {
        await using var stores = await SeedAsync(provider, "cv-intact");
        var result = await stores.Verifier.VerifyAsync();
        Assert.Equal(new ChainVerificationResult(true, 2, 6, null), result);
        Assert.Equal(new ChainVerificationResult(true, 1, 2, null), await stores.Verifier.VerifyAsync("rec-2"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_edited_payload_is_a_hash_mismatch_at_that_seq(DatabaseProvider provider)
    {
        await using var stores = await SeedAsync(provider, "cv-payload");
        Assert.True((await stores.Verifier.VerifyAsync()).Intact);
        await TestDatabases.DropAppendOnlyTriggersAsync(stores.Options);
        await TestDatabases.ExecAsync(stores.Options, "UPDATE oversight_event SET payload = '{\"text\":\"rewritten\"}' WHERE stream_id = 'rec-1' AND seq = 2");

        var result = await stores.Verifier.VerifyAsync();
        Assert.False(result.Intact);
        Assert.Equal(new BrokenLink("rec-1", 2, ChainVerifier.HashMismatch), result.FirstBroken);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_edited_hash_is_detected(DatabaseProvider provider)
    {
        await using var stores = await SeedAsync(provider, "cv-hash");
        await TestDatabases.DropAppendOnlyTriggersAsync(stores.Options);
        await TestDatabases.ExecAsync(stores.Options, $"UPDATE oversight_event SET hash = '{new string('a', 64)}' WHERE stream_id = 'rec-2' AND seq = 1");

        var result = await stores.Verifier.VerifyAsync();
        Assert.False(result.Intact);
        Assert.Equal(new BrokenLink("rec-2", 1, ChainVerifier.HashMismatch), result.FirstBroken);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_rewritten_chain_with_recomputed_hashes_is_still_caught_by_the_head(DatabaseProvider provider)
    {
        await using var stores = await SeedAsync(provider, "cv-rechain");
        await TestDatabases.DropAppendOnlyTriggersAsync(stores.Options);
        var events = await stores.Events.ReadStreamAsync("rec-2");
        var forgedPayload = "{\"forged\":true}";
        var h1 = EventHash.Compute(events[0] with { Payload = forgedPayload });
        var h2 = EventHash.Compute(events[1] with { PrevHash = h1 });
        await TestDatabases.ExecAsync(stores.Options, $"UPDATE oversight_event SET payload = '{forgedPayload}', hash = '{h1}' WHERE stream_id = 'rec-2' AND seq = 1");
        await TestDatabases.ExecAsync(stores.Options, $"UPDATE oversight_event SET prev_hash = '{h1}', hash = '{h2}' WHERE stream_id = 'rec-2' AND seq = 2");

        var result = await stores.Verifier.VerifyAsync();
        Assert.Equal(new BrokenLink("rec-2", 2, ChainVerifier.HeadMismatch), result.FirstBroken);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_deleted_last_event_is_a_head_mismatch(DatabaseProvider provider)
    {
        await using var stores = await SeedAsync(provider, "cv-tail");
        await TestDatabases.DropAppendOnlyTriggersAsync(stores.Options);
        await TestDatabases.ExecAsync(stores.Options, "DELETE FROM oversight_event WHERE stream_id = 'rec-1' AND seq = 4");

        var result = await stores.Verifier.VerifyAsync();
        Assert.False(result.Intact);
        Assert.Equal(new BrokenLink("rec-1", 4, ChainVerifier.HeadMismatch), result.FirstBroken);
        Assert.Equal(5, result.Events);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_deleted_middle_event_is_a_sequence_gap(DatabaseProvider provider)
    {
        await using var stores = await SeedAsync(provider, "cv-gap");
        await TestDatabases.DropAppendOnlyTriggersAsync(stores.Options);
        await TestDatabases.ExecAsync(stores.Options, "DELETE FROM oversight_event WHERE stream_id = 'rec-1' AND seq = 2");

        var result = await stores.Verifier.VerifyAsync();
        Assert.Equal(new BrokenLink("rec-1", 2, ChainVerifier.SequenceGap), result.FirstBroken);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_wrong_prev_hash_is_reported(DatabaseProvider provider)
    {
        await using var stores = await SeedAsync(provider, "cv-prev");
        await TestDatabases.DropAppendOnlyTriggersAsync(stores.Options);
        // Keep the row's own hash consistent with its fields so only the link is wrong.
        var e = (await stores.Events.ReadStreamAsync("rec-1"))[2];
        var forged = e with { PrevHash = new string('b', 64) };
        await TestDatabases.ExecAsync(stores.Options, $"UPDATE oversight_event SET prev_hash = '{forged.PrevHash}', hash = '{EventHash.Compute(forged)}' WHERE stream_id = 'rec-1' AND seq = 3");

        var result = await stores.Verifier.VerifyAsync();
        Assert.Equal(new BrokenLink("rec-1", 3, ChainVerifier.PrevHashMismatch), result.FirstBroken);
    }
}
