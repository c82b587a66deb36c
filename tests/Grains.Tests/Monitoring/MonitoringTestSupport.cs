using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Storage.Events;
using Oversight.Storage.Monitoring;

namespace Oversight.Grains.Tests.Monitoring;

public static class MonitoringActors
{
    public static readonly Actor Admin = new("admin", "Admin", UserRole.Admin, null);
    public static readonly Actor Ict = Actors.Ict;
    public static readonly Actor Ilpo = Actors.Ilpo;
    public static readonly Actor Auditor = Actors.Auditor;
    public static readonly Actor Executive = Actors.Executive;
}

/// <summary>
/// What the monitoring grain tests share. The cluster fixture seeds the recommendations only; each test makes sure
/// the monitoring seed has run (without demo values, so what the report does not give stays "not given"; the seed is
/// idempotent, so only the first test of a cluster pays for it). Tests that write use entities and sources of their
/// own (fresh ids, a fresh source, a province no other test writes to) so they never share state.
/// </summary>
public abstract class MonitoringTestBase(ClusterFixtureBase fixture) : IAsyncLifetime
{
    public const string ReportSource = "report:mol-digital-2565";

    protected ClusterFixtureBase Fixture => fixture;
    protected IClusterClient Client => fixture.Client;
    protected DateOnly Today => ThaiClock.Today(fixture.Time);
    protected IEventStore Events => fixture.SiloServices.GetRequiredService<IEventStore>();
    protected MonitoringStore Store => fixture.SiloServices.GetRequiredService<MonitoringStore>();
    protected IMonitoringBoardGrain Board => Client.GetGrain<IMonitoringBoardGrain>(0);
    protected IObservationIngestGrain Ingest => Client.GetGrain<IObservationIngestGrain>("metrics");
    protected IAuditTrailGrain AuditTrail => Client.GetGrain<IAuditTrailGrain>(0);

    public virtual async Task InitializeAsync() => await Client.GetGrain<IMonitoringSeedGrain>(GrainKeys.Seed).EnsureSeededAsync(false);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 11)];

    /// <summary>A source of this test's own (observations are keyed by source, so tests never touch each other's rows).</summary>
    protected static string NewSource() => NewId("test");

    protected static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    protected static string Month(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    protected static ObservationInput Obs(string source, string metric, string subject, string period, double value, DateOnly asOf) =>
        new(source, metric, subject, period, value.ToString(CultureInfo.InvariantCulture), Iso(asOf));

    protected Task<IngestResult> IngestAsync(params ObservationInput[] observations) =>
        Ingest.IngestAsync(new IngestBatch(observations, null, "tester"));

    protected async Task<IngestResult> IngestOkAsync(params ObservationInput[] observations)
    {
        var result = await IngestAsync(observations);
        Assert.True(result.Accepted, string.Join("; ", result.Errors.Select(e => $"{e.Row} {e.Column}: {e.Reason}")));
        return result;
    }

    /// <summary>A fresh e-service of this test's own, registered by an administrator (so its subject exists).</summary>
    protected async Task<string> NewEServiceAsync(EServiceAudience audience = EServiceAudience.Citizen)
    {
        var id = NewId("test-es");
        var result = await Client.GetGrain<IEServiceGrain>(id).RegisterAsync(MonitoringActors.Admin,
            new LocalizedText($"บริการทดสอบ {id}", $"Test service {id}"), audience, "ICT", "import:test", false);
        Assert.True(result.Ok, result.Error?.Detail);
        return id;
    }

    /// <summary>
    /// Runs <paramref name="body"/> at 01:30 the next night in Bangkok (still the previous day in UTC), then moves the
    /// shared fake clock on to 10:00 that day (it only moves forward), the time of day the other tests expect.
    /// </summary>
    protected async Task AtThaiNightAsync(Func<Task> body)
    {
        var now = fixture.Time.GetUtcNow().ToOffset(ThaiClock.Offset);
        var night = new DateTimeOffset(now.Date.AddDays(1).AddHours(1.5), ThaiClock.Offset);
        fixture.Time.Advance(night - now);
        try
        {
            Assert.NotEqual(DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime), Today);
            await body();
        }
        finally
        {
            fixture.Time.Advance(TimeSpan.FromHours(8.5));
        }
    }

    /// <summary>The events the store holds for a stream, straight from the database.</summary>
    protected Task<IReadOnlyList<StoredEvent>> StreamAsync(string streamId) => Events.ReadStreamAsync(streamId);
}
