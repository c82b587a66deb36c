using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Oversight.Board.Client;

namespace Oversight.Api.Tests;

/// <summary>
/// Progress notes written through the API the way a careful client writes them while the cluster changes under it:
/// a 2xx is an acknowledged write and is remembered; a 503 or a broken connection leaves the outcome unknown, so the
/// writer re-reads the version and tries again; a 409 (its earlier attempt did land) moves it to the current version.
/// Counts every answer by status, and the time of the first acknowledgement after a given moment.
/// </summary>
public sealed class AcknowledgedWrites(HttpClient http)
{
    /// <summary>The client writes go through (replace it when the server comes back on another port).</summary>
    public HttpClient Http { get; set; } = http;

    private readonly ConcurrentDictionary<string, long> _versions = new();
    private long _firstAckAfterTicks = long.MaxValue;
    private long _markTicks = long.MaxValue;

    public ConcurrentQueue<(string Id, long Version, string Note)> Acknowledged { get; } = new();

    /// <summary>Answers other than the acknowledgement, by status code ("transport" when no answer came back).</summary>
    public ConcurrentDictionary<string, int> Failures { get; } = new();

    /// <summary>From now on, <see cref="FirstAckAfterMark"/> records when the first write sent after this moment is acknowledged.</summary>
    public void Mark() => Interlocked.Exchange(ref _markTicks, Stopwatch.GetTimestamp());

    /// <summary>Time from <see cref="Mark"/> to the acknowledgement of the first write sent after it, once there is one.</summary>
    public TimeSpan? FirstAckAfterMark => Interlocked.Read(ref _firstAckAfterTicks) is var t && t == long.MaxValue
        ? null : Stopwatch.GetElapsedTime(Interlocked.Read(ref _markTicks), t);

    /// <summary>Writes one note to <paramref name="id"/> until it is acknowledged, or throws on an answer that is a bug (500, 4xx other than 409).</summary>
    public async Task WriteAsync(string id, string note, CancellationToken ct = default)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            string status;
            try
            {
                if (!_versions.TryGetValue(id, out var version))
                {
                    using var read = await Http.GetAsync($"/api/v1/recommendations/{id}", ct);
                    if (read.StatusCode != HttpStatusCode.OK)
                    {
                        await CountAsync(read);
                        await Task.Delay(50, ct); // as after any other refusal: a 503 is not an invitation to ask again at once
                        continue;
                    }
                    version = _versions[id] = (await read.Content.ReadFromJsonAsync<JsonObject>(ct))!["version"]!.GetValue<long>();
                }
                var sent = Stopwatch.GetTimestamp();
                using var response = await Http.PostAsJsonAsync($"/api/v1/recommendations/{id}/progress",
                    new { progress = 30 + note.Length % 40, note, expectedVersion = version }, Oversight.Api.Tests.Http.Json, ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var acked = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["version"]!.GetValue<long>();
                    _versions[id] = acked;
                    Acknowledged.Enqueue((id, acked, note));
                    if (sent > Interlocked.Read(ref _markTicks))
                    {
                        Interlocked.CompareExchange(ref _firstAckAfterTicks, Stopwatch.GetTimestamp(), long.MaxValue);
                    }
                    return;
                }
                status = await CountAsync(response);
                if (status == "409")
                {
                    _versions.TryRemove(id, out _); // an attempt whose answer was lost did land: continue from the current version
                }
            }
            catch (HttpRequestException)
            {
                Failures.AddOrUpdate("transport", 1, (_, n) => n + 1);
                _versions.TryRemove(id, out _);
            }
            await Task.Delay(50, ct);
        }
    }

    /// <summary>One writer per recommendation, each writing its next note as soon as the last is acknowledged (after <paramref name="pause"/>), until cancelled.</summary>
    public Task[] Start(IReadOnlyList<string> ids, string label, TimeSpan pause, CancellationToken ct) => [.. ids.Select(id => Task.Run(async () =>
    {
        try
        {
            for (var i = 1; ; i++)
            {
                await WriteAsync(id, $"{label} {id} #{i}", ct);
                await Task.Delay(pause, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }, CancellationToken.None))];

    /// <summary>
    /// Writes until <paramref name="count"/> more writes are acknowledged, then runs <paramref name="whileWriting"/> (a kill)
    /// with the writers still busy, then stops them. Writes in flight at that moment count only if acknowledged.
    /// </summary>
    public async Task WriteThenAsync(IReadOnlyList<string> ids, string label, int count, Action whileWriting)
    {
        var target = Acknowledged.Count + count;
        using var stop = new CancellationTokenSource();
        var writers = Start(ids, label, TimeSpan.Zero, stop.Token);
        var deadline = Stopwatch.StartNew();
        while (Acknowledged.Count < target)
        {
            if (writers.FirstOrDefault(w => w.IsFaulted) is { } failed)
            {
                await failed; // a write was refused: show why instead of waiting
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), $"{label}: only {Acknowledged.Count} of {target} writes acknowledged");
            await Task.Delay(5);
        }
        whileWriting();
        await stop.CancelAsync();
        await Task.WhenAll(writers);
    }

    private async Task<string> CountAsync(HttpResponseMessage response)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Failures.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(response.Headers.RetryAfter is not null, "a 503 says when to retry");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            _versions.Clear(); // the outcome of the write is unknown
            return status;
        }
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} during the writes: {await response.Content.ReadAsStringAsync()}");
        }
        return status;
    }

    /// <summary>Every acknowledged write is in its recommendation's history with its note, and the current version is at least the last one acknowledged.</summary>
    public async Task VerifyAsync(HttpClient reader)
    {
        foreach (var group in Acknowledged.GroupBy(a => a.Id))
        {
            var detail = await ReadAsync(reader, $"/api/v1/recommendations/{group.Key}");
            Assert.True(detail["version"]!.GetValue<long>() >= group.Max(a => a.Version), $"{group.Key} is behind its last acknowledged version");
            var history = (await ReadAsync(reader, $"/api/v1/recommendations/{group.Key}/history"))["items"]!.AsArray();
            var bySeq = history.ToDictionary(h => h!["seq"]!.GetValue<long>(), h => h!["note"]?.GetValue<string>());
            foreach (var (_, version, note) in group)
            {
                Assert.True(bySeq.TryGetValue(version, out var stored), $"{group.Key} lost acknowledged version {version}");
                Assert.Equal(note, stored);
            }
        }
    }

    /// <summary>A GET that waits out a failover: 503 or no answer is retried for up to a minute; anything else but 200 fails.</summary>
    public static async Task<JsonNode> ReadAsync(HttpClient reader, string url)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await reader.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return await response.JsonAsync();
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromMinutes(1))
            {
            }
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"GET {url} stayed unavailable");
            await Task.Delay(100);
        }
    }

    public string FailureSummary() => Failures.IsEmpty ? "none" : string.Join(", ", Failures.OrderBy(f => f.Key).Select(f => $"{f.Key}: {f.Value}"));
}

/// <summary>A live board client compared with what the server says now.</summary>
public static class BoardConsistency
{
    /// <summary>Waits until the client's items and board version equal a fresh read of the server's; returns how long it took.</summary>
    public static async Task<TimeSpan> WaitUntilMatchesAsync(BoardClient client, HttpClient reader, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var server = (await AcknowledgedWrites.ReadAsync(reader, "/api/v1/recommendations?limit=500"))["items"]!.AsArray()
                .ToDictionary(i => i!["id"]!.GetValue<string>(), i => (i!["version"]!.GetValue<long>(), i["status"]!.GetValue<string>(), i["progress"]!.GetValue<int>()));
            var board = (await AcknowledgedWrites.ReadAsync(reader, "/api/v1/board"))["version"]!.GetValue<long>();
            if (server.Count == client.Items.Count
                && server.All(s => client.Items.TryGetValue(s.Key, out var item) && (item.Version, item.Status, item.Progress) == s.Value)
                && client.Board?.Version == board)
            {
                return clock.Elapsed;
            }
            if (clock.Elapsed >= limit)
            {
                var differences = server.Where(s => !client.Items.TryGetValue(s.Key, out var item) || (item.Version, item.Status, item.Progress) != s.Value)
                    .Take(5).Select(s => $"{s.Key}: server {s.Value}, board {(client.Items.TryGetValue(s.Key, out var item) ? (item.Version, item.Status, item.Progress).ToString() : "missing")}");
                Assert.Fail($"the live board did not match the server within {limit.TotalSeconds} s: {server.Count} items on the server, "
                    + $"{client.Items.Count} on the board; board version {client.Board?.Version} against {board}; "
                    + $"resyncs {client.Resyncs}, reconnects {client.Reconnects}, state {client.State}; first differences: {string.Join("; ", differences)}");
            }
            await Task.Delay(50);
        }
    }
}
