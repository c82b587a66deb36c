using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Abstractions.Settings;
using Oversight.Grains.Abstractions.Units;
using Oversight.Grains.Seed;
using Oversight.Grains.Recommendations;
using Oversight.Storage.Events;
using Oversight.Storage.ReadModel;

namespace Oversight.Grains.Operations;

public sealed class SeedState
{
    public bool Seeded { get; set; }
    public List<string> ReportIds { get; set; } = [];
    public DateTimeOffset? SeededAt { get; set; }
    public string? SeedSha256 { get; set; }
}

/// <summary>Loads the bundled SAO report once: units, the report, and one stream per recommendation.</summary>
public sealed class SeedGrain(
    [PersistentState("seed", "Default")] IPersistentState<SeedState> state,
    IEventStore events,
    TimeProvider time,
    ILogger<SeedGrain> logger) : Grain, ISeedGrain
{
    public const string ResourceName = "Oversight.Seed.mol-digital-2565.seed.json";

    public Task<SeedStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<SeedStatus> EnsureSeededAsync()
    {
        if (state.State.Seeded)
        {
            return Status();
        }
        var (document, sha256) = SeedLoader.Load();
        var report = document.Report;
        var started = time.GetUtcNow();

        await GrainFactory.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).AddMissingAsync(SeedLoader.Units(document));

        var period = await DefaultPeriodDaysAsync();
        var dueDate = report.ReportDate.AddDays(period);
        var basis = $"report date {report.ReportDate:yyyy-MM-dd} + {period} days (default follow-up period)";
        var findings = new List<FindingView>();
        var count = 0;
        foreach (var finding in document.Findings.OrderBy(f => f.Ordinal))
        {
            var topLevel = new List<string>();
            foreach (var recommendation in finding.Recommendations)
            {
                topLevel.Add(GrainKeys.Recommendation(report.Id, recommendation.Code));
                count += await RegisterAsync(report.Id, finding, recommendation, null, dueDate, basis, finding.Ordinal * 1000 + count);
            }
            findings.Add(new FindingView(finding.Code, finding.Kind == "observation" ? FindingKind.Observation : FindingKind.Finding,
                finding.Ordinal, finding.Title, finding.Summary, topLevel));
        }

        var view = new AuditReportView(report.Id, report.Title, report.Auditor, report.AuditeeUnit, report.Auditee, report.Addressee,
            report.FiscalYearFromBe, report.FiscalYearToBe, report.ReportDate, report.ReportDateBasis, report.SourceFile, report.Summary,
            findings, started);
        await GrainFactory.GetGrain<IAuditReportGrain>(report.Id).RegisterAsync(view);
        await GrainFactory.GetGrain<IReportCatalogGrain>(GrainKeys.ReportCatalog).AddAsync(new ReportListItem(
            report.Id, report.Title, report.AuditeeUnit, report.ReportDate, report.FiscalYearFromBe, report.FiscalYearToBe, count));

        state.State.Seeded = true;
        state.State.ReportIds = [report.Id];
        state.State.SeededAt = time.GetUtcNow();
        state.State.SeedSha256 = sha256;
        await state.WriteStateAsync();
        logger.LogInformation("Seeded report {Report} with {Count} recommendations in {Elapsed} ms",
            report.Id, count, (time.GetUtcNow() - started).TotalMilliseconds);
        return Status();
    }

    public async Task<int> EnsureSyntheticAsync(int reports, int recommendationsPerReport)
    {
        var started = time.GetUtcNow();
        var today = ThaiClock.Today(time);
        var period = await DefaultPeriodDaysAsync();
        var added = 0;
        var catalog = new List<ReportListItem>();
        for (var first = 1; first <= reports; first += 200)
        {
            var batch = Enumerable.Range(first, Math.Min(200, reports - first + 1)).ToArray();
            var counts = await Task.WhenAll(batch.Select(async index =>
            {
                // Spread report dates over the past two years so due dates (and overdue aging) vary.
                var reportDate = today.AddDays(-(index * 37 % 730));
                var report = SyntheticData.Report(index, recommendationsPerReport, reportDate, started);
                await GrainFactory.GetGrain<IAuditReportGrain>(report.Id).RegisterAsync(report);
                catalog.Add(new ReportListItem(report.Id, report.Title, report.AuditeeUnit, reportDate, report.FiscalYearFromBe, report.FiscalYearToBe, recommendationsPerReport));
                var count = 0;
                foreach (var (id, _, command) in SyntheticData.Recommendations(index, recommendationsPerReport))
                {
                    var (type, payload, summary) = SyntheticData.Registration(id, command, reportDate.AddDays(period), started);
                    var result = await events.AppendAsync(id, 0, [new NewEvent(type, started, Actor.System.Username, payload)], RecommendationProjection.Project(RecommendationGrain.ToRow(summary)));
                    count += result.Success ? 1 : 0;
                }
                return count;
            }));
            added += counts.Sum();
        }
        await GrainFactory.GetGrain<IReportCatalogGrain>(GrainKeys.ReportCatalog).AddRangeAsync(catalog.OrderBy(c => c.Id, StringComparer.Ordinal).ToArray());
        if (added > 0)
        {
            await GrainFactory.GetGrain<Abstractions.Board.IBoardGrain>(GrainKeys.Board).RefreshAsync();
        }
        logger.LogInformation("Synthetic data: {Reports} reports, {Added} recommendations added in {Elapsed} ms",
            reports, added, (time.GetUtcNow() - started).TotalMilliseconds);
        return added;
    }

    private async Task<int> RegisterAsync(string reportId, SeedFinding finding, SeedRecommendation recommendation, string? parentId,
        DateOnly dueDate, string basis, int sortOrder)
    {
        var id = GrainKeys.Recommendation(reportId, recommendation.Code);
        var children = recommendation.Children ?? [];
        var result = await GrainFactory.GetGrain<IRecommendationGrain>(id).RegisterAsync(new RegisterRecommendation(
            reportId, recommendation.Code, finding.Code, parentId, sortOrder, recommendation.Title, recommendation.Text,
            recommendation.Units, dueDate, basis, children.Select(c => GrainKeys.Recommendation(reportId, c.Code)).ToArray()));
        if (!result.Ok)
        {
            throw new InvalidOperationException($"Seeding {id} failed: {result.Error?.Detail}");
        }
        var registered = 1;
        foreach (var child in children)
        {
            registered += await RegisterAsync(reportId, finding, child, id, dueDate, basis, sortOrder + registered);
        }
        return registered;
    }

    private async Task<int> DefaultPeriodDaysAsync() =>
        (await GrainFactory.GetGrain<IFollowUpSettingsGrain>(GrainKeys.Settings).GetAsync()).DefaultPeriodDays;

    private SeedStatus Status() => new(state.State.Seeded, state.State.ReportIds.ToArray(), state.State.SeededAt, state.State.SeedSha256);
}

/// <summary>Reads the embedded seed file strictly: an unknown member or a missing one is an error, not a silent default.</summary>
public static class SeedLoader
{
    private static readonly JsonSerializerOptions Strict = CreateOptions();

    public static (SeedDocument Document, string Sha256) Load()
    {
        using var stream = typeof(SeedLoader).Assembly.GetManifestResourceStream(SeedGrain.ResourceName)
            ?? throw new InvalidOperationException($"The seed resource {SeedGrain.ResourceName} is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var document = Parse(bytes);
        return (document, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static SeedDocument Parse(ReadOnlySpan<byte> json)
    {
        var document = JsonSerializer.Deserialize<SeedDocument>(json, Strict) ?? throw new JsonException("The seed file is empty.");
        if (document.SchemaVersion != 1)
        {
            throw new JsonException($"Seed schema version {document.SchemaVersion} is not supported.");
        }
        return document;
    }

    public static IReadOnlyList<UnitView> Units(SeedDocument document) => document.Units
        .Select(u => new UnitView(u.Code, u.Name, u.Kind switch
        {
            "regional" => UnitKind.Regional,
            "external" => UnitKind.External,
            "group" => UnitKind.Group,
            _ => UnitKind.Central,
        }, u.ParentCode))
        .ToArray();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
