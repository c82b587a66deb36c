using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Operations;
using Oversight.Storage;
using Oversight.Storage.Blobs;
using Oversight.Storage.Checkpoints;
using Oversight.Storage.Events;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// The national-scale data set (issue 10): <c>reports</c> synthetic audit reports × <c>per-report</c> recommendations,
/// each with a history of about <c>events</c> events (registration, response, an action plan, evidence metadata with
/// a real evidence file, progress and comments, each decided by the real aggregate), appended straight into the event
/// store with their read-model rows and hash chain, many streams in parallel. Everything is labelled synthetic (ids
/// "synthetic-NNNNN", titles "[ข้อมูลสังเคราะห์] / [Synthetic]"), and the ids, dates and due dates are exactly those the
/// server's own synthetic seed job uses, so a host started with <c>Seed__SyntheticReports=&lt;reports&gt;</c> on the same
/// database registers the reports (its appends of the recommendations find them present) and serves them.
/// Prints its load rate: recommendations/s and events/s.
/// </summary>
public static class GenerateScenario
{
    public const int DefaultPeriodDays = 240;

    public static async Task<DatabaseOptions> RunAsync(string? postgres, string? dataDirectory, int reports, int perReport, int events, int parallel, bool verify)
    {
        var options = postgres is not null
            ? new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = postgres }
            : new DatabaseOptions
            {
                Provider = DatabaseProvider.Sqlite,
                ConnectionString = $"Data Source={Path.Combine(dataDirectory ?? WebProcess.NewDataDirectory("generate"), "oversight.db")}",
            };
        await DatabaseMigrator.MigrateAsync(options);
        await using var services = new ServiceCollection().AddOversightStorage(options).BuildServiceProvider();
        var store = services.GetRequiredService<IEventStore>();

        // One real evidence file that every generated evidence event points at (verify checks it exists and hashes right).
        var pdf = "%PDF-1.7\n% [synthetic] evidence for load tests\n%%EOF\n"u8.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        await services.GetRequiredService<IBlobStore>().PutAsync(sha, "application/pdf", pdf);

        var today = ThaiClock.Today(TimeProvider.System);
        long recommendations = 0, appended = 0, present = 0, eventCount = 0;
        var clock = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using var progress = new Timer(_ => Console.Error.WriteLine(
            $"generate: {Interlocked.Read(ref recommendations):N0} of {(long)reports * perReport:N0} recommendations, {Interlocked.Read(ref eventCount):N0} events, " +
            $"{Interlocked.Read(ref recommendations) / clock.Elapsed.TotalSeconds:N0}/s"), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        await Parallel.ForEachAsync(Enumerable.Range(1, reports), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (index, ct) =>
        {
            // The seed job's report date and due date for this index (SeedGrain.SyntheticPageAsync).
            var reportDate = today.AddDays(-(index * 37 % 730));
            var start = new DateTimeOffset(reportDate.ToDateTime(new TimeOnly(9, 0)), ThaiClock.Offset);
            foreach (var (id, _, command) in SyntheticData.Recommendations(index, perReport))
            {
                var (history, projection) = SyntheticData.History(id, command, reportDate.AddDays(DefaultPeriodDays), events, start, sha);
                var result = await store.AppendAsync(id, 0, history, projection, ct);
                Interlocked.Increment(ref recommendations);
                if (result.Success)
                {
                    Interlocked.Increment(ref appended);
                    Interlocked.Add(ref eventCount, history.Count);
                }
                else
                {
                    Interlocked.Increment(ref present); // a rerun: the stream is already there, nothing is added twice
                }
            }
        });
        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        var size = options.Provider == DatabaseProvider.Sqlite
            ? new DirectoryInfo(Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource)!)
                .GetFiles().Sum(f => f.Length) / 1048576.0
            : double.NaN;
        Console.WriteLine("| provider | reports | recommendations (added / already there) | events added | parallel appends | wall | recommendations/s | events/s | generator CPU | database size |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {(options.Provider == DatabaseProvider.Sqlite ? "SQLite (Embedded)" : "PostgreSQL")} | {reports:N0} | {appended:N0} / {present:N0} | {eventCount:N0} | {parallel} | {clock.Elapsed.TotalSeconds:F1} s | " +
            $"**{recommendations / clock.Elapsed.TotalSeconds:N0}** | {eventCount / clock.Elapsed.TotalSeconds:N0} | {cpu.TotalSeconds:F1} s ({cpu.TotalSeconds / clock.Elapsed.TotalSeconds * 100:F0} % of one core) | " +
            $"{(double.IsNaN(size) ? "–" : $"{size:N0} MB")} |"));
        if (verify)
        {
            await VerifyAsync(services, eventCount);
        }
        Console.WriteLine();
        Console.WriteLine(options.Provider == DatabaseProvider.Sqlite
            ? $"<!-- serve it: Hosting__DataDirectory={Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource)} Seed__SyntheticReports={reports} Seed__SyntheticRecommendationsPerReport={perReport} dotnet src/Web/bin/Release/net10.0/linux-x64/Oversight.Web.dll -->"
            : $"<!-- serve it: start the silos and Web with Database__Provider=PostgreSql, this connection string and Seed__SyntheticReports={reports} Seed__SyntheticRecommendationsPerReport={perReport} -->");
        return options;
    }

    /// <summary>The storage-level audit-trail verify over everything, a checkpoint, and a verify against that checkpoint.</summary>
    private static async Task VerifyAsync(ServiceProvider services, long generated)
    {
        var checkpointClock = Stopwatch.StartNew();
        var checkpoint = await services.GetRequiredService<ICheckpointStore>().CreateAsync(DateTimeOffset.UtcNow);
        checkpointClock.Stop();
        var verifier = services.GetRequiredService<ChainVerifier>();
        var full = Stopwatch.StartNew();
        var result = await verifier.VerifyAsync();
        full.Stop();
        var against = Stopwatch.StartNew();
        var checkpointResult = checkpoint is null ? null : await verifier.VerifyCheckpointAsync(checkpoint.Sequence, checkpoint.Hash);
        against.Stop();
        Console.WriteLine();
        Console.WriteLine("| verify (storage: every chain, every head, the newest checkpoint) | events checked | intact | checkpoint made | verify against that checkpoint |");
        Console.WriteLine("|---:|---:|---|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {full.Elapsed.TotalSeconds:F1} s | {result.Events:N0} (generated now: {generated:N0}) | {result.Intact} | {checkpointClock.Elapsed.TotalSeconds:F1} s | " +
            $"{against.Elapsed.TotalSeconds:F1} s, intact {checkpointResult?.Intact} |"));
    }
}
