using System.Security.Cryptography;
using System.Text;
using Oversight.Storage.Checkpoints;
using Oversight.Storage.Events;
using Xunit;

namespace Oversight.Storage.Tests;

/// <summary>The cross-stream structure (ADR 7): the Merkle tree, checkpoints on both providers, and what they detect.</summary>
public class CheckpointTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 5, 0, 0, TimeSpan.Zero);

    /// <summary>RFC 6962 §2.1 as written: MTH(D[n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k the largest power of two below n.</summary>
    private static byte[] Reference(IReadOnlyList<byte[]> leaves)
    {
        if (leaves.Count == 0)
        {
            return SHA256.HashData([]);
        }
        if (leaves.Count == 1)
        {
            return leaves[0];
        }
        var k = 1;
        while (k * 2 < leaves.Count)
        {
            k *= 2;
        }
        return SHA256.HashData([0x01, .. Reference(leaves.Take(k).ToArray()), .. Reference(leaves.Skip(k).ToArray())]);
    }

    [Fact]
    public void The_root_is_rfc_6962s_for_every_tree_size()
    {
        for (var n = 0; n <= 70; n++)
        {
            var leaves = Enumerable.Range(0, n).Select(i => MerkleTree.Leaf($"s{i}", i + 1, new string('a', 64))).ToArray();
            Assert.Equal(Reference(leaves), MerkleTree.Root(leaves));
        }
        // A leaf is SHA-256(0x00 ‖ "stream\nseq\nhash").
        Assert.Equal(SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes("rec-1\n3\nabc")]), MerkleTree.Leaf("rec-1", 3, "abc"));
    }

    [Fact]
    public void Any_stream_removed_rewound_or_changed_changes_the_root()
    {
        var heads = new[] { ("a", 3L, "h3"), ("b", 1L, "h1"), ("c", 7L, "h7") };
        var root = MerkleTree.Root(heads);
        Assert.Equal(root, MerkleTree.Root(heads.Reverse()));                         // order does not matter
        Assert.NotEqual(root, MerkleTree.Root(heads.Skip(1)));                        // a stream removed
        Assert.NotEqual(root, MerkleTree.Root([("a", 2L, "h2"), heads[1], heads[2]]));  // rewound
        Assert.NotEqual(root, MerkleTree.Root([("a", 3L, "hX"), heads[1], heads[2]]));  // changed
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Checkpoints_chain_commit_to_every_head_and_are_made_only_when_the_log_moved(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "cp-chain");
        await stores.Events.AppendAsync("rec-1", 0, [Samples.Event("a"), Samples.Event("b")]);
        await stores.Events.AppendAsync("rec-2", 0, [Samples.Event("a")]);
        var first = await stores.Checkpoints.CreateAsync(Now);
        Assert.NotNull(first);
        Assert.Equal((1L, 2L, 3L, EventHash.Genesis), (first.Sequence, first.Streams, first.Events, first.PrevHash));
        Assert.True(first.HashIsConsistent);
        Assert.Equal(first, await stores.Checkpoints.CreateAsync(Now.AddSeconds(2)));        // nothing moved: the same one

        await stores.Events.AppendAsync("rec-1", 2, [Samples.Event("c")]);
        var second = await stores.Checkpoints.CreateAsync(Now.AddSeconds(4));
        Assert.Equal((2L, first.Hash, 4L), (second!.Sequence, second.PrevHash, second.Events));
        Assert.Equal(second, await stores.Checkpoints.LatestAsync());

        var committed = await stores.Checkpoints.CommittedLeavesAsync(1);
        Assert.Equal(2L, committed["rec-1"].Seq);
        Assert.Equal(3L, (await stores.Checkpoints.CommittedLeavesAsync(2))["rec-1"].Seq);
        Assert.Equal(first.Root, await stores.Checkpoints.CommittedRootAsync(1));

        Assert.True((await stores.Verifier.VerifyCheckpointAsync(1, first.Hash)).Intact);
        Assert.True((await stores.Verifier.VerifyCheckpointAsync(2, second.Hash)).Intact);
        Assert.True((await stores.Verifier.VerifyAsync()).Intact);
    }

    /// <summary>
    /// A tick with nothing appended since the last one does not read every head (100,000 at the SAO's scale, every 2 s):
    /// a head row changed behind the log's back is seen only by the full read, at least once a minute.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_tick_with_nothing_appended_reads_no_heads_until_the_periodic_full_read(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "cp-mark");
        await stores.Events.AppendAsync("rec-1", 0, [Samples.Event("a"), Samples.Event("b")]);
        var first = await stores.Checkpoints.CreateAsync(Now);

        // A head that moves with no event appended (only a direct edit does that): the ticks that follow skip the heads.
        await TestDatabases.ExecAsync(stores.Options, "UPDATE oversight_stream_head SET last_seq = 3 WHERE stream_id = 'rec-1';");
        Assert.Equal(first, await stores.Checkpoints.CreateAsync(Now.AddSeconds(2)));
        Assert.Equal(first, await stores.Checkpoints.CreateAsync(Now.AddSeconds(58)));

        // The periodic full read sees it (a checkpoint of what the heads say; verify then finds the head has no event 3).
        var full = await stores.Checkpoints.CreateAsync(Now.AddSeconds(62));
        Assert.Equal(2L, full!.Sequence);
        Assert.Equal(3L, (await stores.Checkpoints.CommittedLeavesAsync(2))["rec-1"].Seq);

        // An append is seen at the next tick.
        await stores.Events.AppendAsync("rec-2", 0, [Samples.Event("a")]);
        var next = await stores.Checkpoints.CreateAsync(Now.AddSeconds(64));
        Assert.Equal((3L, 2L), (next!.Sequence, next.Streams));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_deleted_stream_or_a_rewound_one_is_found_by_verify_and_against_an_old_checkpoint(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "cp-delete");
        await stores.Events.AppendAsync("rec-1", 0, [Samples.Event("a"), Samples.Event("b"), Samples.Event("c")]);
        await stores.Events.AppendAsync("rec-2", 0, [Samples.Event("a"), Samples.Event("b")]);
        await stores.Events.AppendAsync("rec-3", 0, [Samples.Event("a")]);
        var checkpoint = (await stores.Checkpoints.CreateAsync(Now))!;

        await TestDatabases.DropAppendOnlyTriggersAsync(stores.Options);
        await TestDatabases.ExecAsync(stores.Options, "DELETE FROM oversight_event WHERE stream_id = 'rec-2'; DELETE FROM oversight_stream_head WHERE stream_id = 'rec-2';");
        await TestDatabases.ExecAsync(stores.Options, """
            DELETE FROM oversight_event WHERE stream_id = 'rec-1' AND seq = 3;
            UPDATE oversight_stream_head SET last_seq = 2, last_hash = (SELECT hash FROM oversight_event WHERE stream_id = 'rec-1' AND seq = 2) WHERE stream_id = 'rec-1';
            """);

        var result = await stores.Verifier.VerifyAsync();
        Assert.False(result.Intact);
        Assert.Equal(2, result.BrokenStreams);
        Assert.Equal(new BrokenLink("rec-1", 3, ChainVerifier.MissingSinceCheckpoint), result.FirstBroken);

        var old = await stores.Verifier.VerifyCheckpointAsync(checkpoint.Sequence, checkpoint.Hash);
        Assert.False(old.Intact);
        Assert.Equal(ChainVerifier.MissingSinceCheckpoint, old.Reason);

        // A new checkpoint cannot launder the deletion: it keeps committing to what the last one saw.
        var next = await stores.Another().Checkpoints.CreateAsync(Now.AddSeconds(5), force: true);
        Assert.Equal(3L, next!.Streams);
        Assert.False((await stores.Verifier.VerifyCheckpointAsync(next.Sequence, next.Hash)).Intact);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Unknown_altered_or_edited_checkpoints_are_not_intact_and_the_chain_of_checkpoints_is_verified(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "cp-alter");
        await stores.Events.AppendAsync("rec-1", 0, [Samples.Event("a")]);
        var checkpoint = (await stores.Checkpoints.CreateAsync(Now))!;
        Assert.Equal("unknown-checkpoint", (await stores.Verifier.VerifyCheckpointAsync(99, checkpoint.Hash)).Reason);
        Assert.Equal("checkpoint-altered", (await stores.Verifier.VerifyCheckpointAsync(1, new string('f', 64))).Reason);

        // Checkpoint rows are append-only too; an attacker who drops that guard and edits a leaf is still found.
        var update = await Assert.ThrowsAnyAsync<Exception>(() => TestDatabases.ExecAsync(stores.Options, "UPDATE oversight_checkpoint_leaf SET last_seq = 5"));
        Assert.Contains("append-only", update.Message);
        await TestDatabases.ExecAsync(stores.Options, provider == DatabaseProvider.Sqlite
            ? "DROP TRIGGER oversight_checkpoint_leaf_no_update; UPDATE oversight_checkpoint_leaf SET last_hash = 'x';"
            : "DROP TRIGGER oversight_checkpoint_leaf_no_update_delete ON oversight_checkpoint_leaf; UPDATE oversight_checkpoint_leaf SET last_hash = 'x';");
        Assert.Equal("checkpoint-altered", (await stores.Verifier.VerifyCheckpointAsync(1, checkpoint.Hash)).Reason);
        var chain = await stores.Verifier.VerifyAsync();
        Assert.False(chain.Intact);
        Assert.Contains(chain.FirstBroken!.Reason, new[] { ChainVerifier.ChangedSinceCheckpoint, ChainVerifier.CheckpointChainBroken });
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Two_processes_checkpointing_while_many_writers_append_leave_one_intact_chain(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "cp-race");
        await using var other = stores.Another();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var seq = 0L; seq < 40; seq++)
            {
                var result = await stores.Events.AppendAsync($"rec-{w}", seq, [Samples.Event("tick")]);
                Assert.True(result.Success);
            }
        })).ToArray();
        var checkpointers = new[] { stores, other }.Select((s, i) => Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                await s.Checkpoints.CreateAsync(Now.AddMilliseconds(++n * 10 + i));
            }
        })).ToArray();
        await Task.WhenAll(writers);
        await stores.Checkpoints.CreateAsync(Now.AddMinutes(1));
        stop.Cancel();
        await Task.WhenAll(checkpointers);

        var latest = (await stores.Checkpoints.CreateAsync(Now.AddMinutes(2)))!;
        Assert.Equal((8L, 320L), (latest.Streams, latest.Events));
        var all = new List<Checkpoint>();
        await foreach (var c in stores.Checkpoints.ReadAllAsync())
        {
            all.Add(c);
        }
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(c => c.Sequence));
        Assert.True((await stores.Verifier.VerifyAsync()).Intact);
        foreach (var c in all)
        {
            Assert.True((await stores.Verifier.VerifyCheckpointAsync(c.Sequence, c.Hash)).Intact, $"checkpoint {c.Sequence}");
        }
    }
}
