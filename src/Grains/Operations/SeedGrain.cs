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

    /// <summary>The synthetic-data job (null when never asked for): its cursor and counts, written after every page.</summary>
    public SyntheticSeedProgress? Synthetic { get; set; }
}

public sealed class SyntheticSeedProgress
{
    public int Reports { get; set; }
    public int PerReport { get; set; }

    /// <summary>The next report index to add (1-based); reports before it are done.</summary>
    public int NextIndex { get; set; } = 1;

    /// <summary>The day and instant the data is dated from, fixed when the job starts so pages after a restart match.</summary>
    public DateOnly Today { get; set; }
    public DateTimeOffset At { get; set; }
    public int PeriodDays { get; set; }

    /// <summary>Recommendations this job appended (a page redone after a crash does not append twice).</summary>
    public int Added { get; set; }

    /// <summary>Recommendations of the reports done that exist (appended now or by an interrupted earlier attempt of the page).</summary>
    public int Present { get; set; }

    public int Pages { get; set; }
    public int LargestPage { get; set; }
    public int Resumes { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>
/// Loads the bundled SAO report once (units, the report, and one stream per recommendation: bounded, awaited at silo
/// start), and adds synthetic reports as a background job, one page per grain turn (ADR 8).
/// </summary>
public sealed class SeedGrain : Grain, ISeedGrain
{
    private readonly IPersistentState<SeedState> state;
    private readonly IEventStore events;
    private readonly TimeProvider time;
    private readonly ILogger<SeedGrain> logger;
    private readonly BackgroundJobOptions _options;
    private readonly JobPump _pump;
    private bool _resumeCounted;

    public SeedGrain(
        [PersistentState("seed", "Default")] IPersistentState<SeedState> state,
        IEventStore events,
        TimeProvider time,
        IOptions<BackgroundJobOptions> options,
        ILogger<SeedGrain> logger)
    {
        this.state = state;
        this.events = events;
        this.time = time;
        this.logger = logger;
        _options = options.Value;
        _pump = new JobPump(this, _options, async () => (await RunSyntheticPageAsync()).State is JobProgress.Running or JobProgress.Failed);
    }

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

    public async Task<JobProgress> EnsureSyntheticAsync(int reports, int recommendationsPerReport)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reports);
        ArgumentOutOfRangeException.ThrowIfLessThan(recommendationsPerReport, 1);
        var job = state.State.Synthetic;
        if (job is null)
        {
            job = state.State.Synthetic = new SyntheticSeedProgress
            {
                Reports = reports, PerReport = recommendationsPerReport, NextIndex = 1,
                Today = ThaiClock.Today(time), At = time.GetUtcNow(), PeriodDays = await DefaultPeriodDaysAsync(),
                StartedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow(),
            };
            _resumeCounted = true;
            await state.WriteStateAsync();
            logger.LogInformation("Synthetic data: adding {Reports} reports × {PerReport} recommendations in the background, {PerPage} reports per page",
                reports, recommendationsPerReport, _options.SeedReportsPerPage);
        }
        else if (reports > job.Reports)
        {
            // More reports asked for than before: the existing ones are kept and the job carries on from its cursor.
            job.Reports = reports;
            job.PerReport = recommendationsPerReport;
            job.FinishedAt = null;
            job.UpdatedAt = time.GetUtcNow();
            _resumeCounted = true;
            await state.WriteStateAsync();
            logger.LogInformation("Synthetic data: extending to {Reports} reports from report {Next}", reports, job.NextIndex);
        }
        else if (job.FinishedAt is null && !_resumeCounted && job.Pages > 0)
        {
            _resumeCounted = true;
            job.Resumes++;
            await state.WriteStateAsync();
            logger.LogInformation("Synthetic data: resuming at report {Next} of {Reports} ({Added} recommendations added before the restart)",
                job.NextIndex, job.Reports, job.Added);
        }
        _resumeCounted = true;
        if (job.FinishedAt is null)
        {
            _pump.Start();
        }
        return SyntheticProgress();
    }

    public Task<JobProgress> GetSyntheticProgressAsync() => Task.FromResult(SyntheticProgress());

    public async Task<JobProgress> RunSyntheticPageAsync()
    {
        if (state.State.Synthetic is not { FinishedAt: null } job)
        {
            return SyntheticProgress();
        }
        try
        {
            if (job.NextIndex <= job.Reports)
            {
                await SyntheticPageAsync(job);
            }
            job.Error = null;
        }
        catch (Exception e)
        {
            job.Error = e.Message;
            logger.LogError(e, "Synthetic data: the page at report {Next} failed; trying it again in 5 s", job.NextIndex);
            job.UpdatedAt = time.GetUtcNow();
            await state.WriteStateAsync();
            await Task.Delay(TimeSpan.FromSeconds(5)); // progress reads interleave; the next page waits
            return SyntheticProgress();
        }
        if (job.NextIndex > job.Reports)
        {
            // The synthetic rows bypassed the recommendation grains: the board reloads them once, at the end.
            if (job.Added > 0)
            {
                await GrainFactory.GetGrain<Abstractions.Board.IBoardGrain>(GrainKeys.Board).RefreshAsync();
            }
            job.FinishedAt = time.GetUtcNow();
            logger.LogInformation("Synthetic data: {Reports} reports, {Added} recommendations added in {Pages} pages and {Elapsed:0.0} s ({Resumes} resumes)",
                job.Reports, job.Added, job.Pages, (job.FinishedAt.Value - job.StartedAt).TotalSeconds, job.Resumes);
        }
        else if (job.Pages % 10 == 0)
        {
            logger.LogInformation("Synthetic data: {Done} of {Reports} reports, {Added} recommendations added ({Pages} pages)",
                job.NextIndex - 1, job.Reports, job.Added, job.Pages);
        }
        job.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        return SyntheticProgress();
    }

    /// <summary>
    /// One page: the next reports (at most Jobs:SeedReportsPerPage) with their recommendations. A page redone after a
    /// crash is harmless: a report already registered is kept, and an append to an existing stream (expected version 0)
    /// is refused, so nothing is added twice and only new recommendations are counted.
    /// </summary>
    private async Task SyntheticPageAsync(SyntheticSeedProgress job)
    {
        var batch = Enumerable.Range(job.NextIndex, Math.Min(_options.SeedReportsPerPage, job.Reports - job.NextIndex + 1)).ToArray();
        var catalog = new ReportListItem[batch.Length];
        var counts = await Task.WhenAll(batch.Select(async (index, i) =>
        {
            // Spread report dates over the past two years so due dates (and overdue aging) vary.
            var reportDate = job.Today.AddDays(-(index * 37 % 730));
            var report = SyntheticData.Report(index, job.PerReport, reportDate, job.At);
            await GrainFactory.GetGrain<IAuditReportGrain>(report.Id).RegisterAsync(report);
            catalog[i] = new ReportListItem(report.Id, report.Title, report.AuditeeUnit, reportDate, report.FiscalYearFromBe, report.FiscalYearToBe, job.PerReport);
            int added = 0, present = 0;
            foreach (var (id, _, command) in SyntheticData.Recommendations(index, job.PerReport))
            {
                var (type, payload, summary) = SyntheticData.Registration(id, command, reportDate.AddDays(job.PeriodDays), job.At);
                var result = await events.AppendAsync(id, 0, [new NewEvent(type, job.At, Actor.System.Username, payload)], RecommendationProjection.Project(RecommendationGrain.ToRow(summary)));
                added += result.Success ? 1 : 0;
                present += result.Success || result.CurrentSeq > 0 ? 1 : 0;
            }
            return (added, present);
        }));
        await GrainFactory.GetGrain<IReportCatalogGrain>(GrainKeys.ReportCatalog).AddRangeAsync(catalog);
        job.Added += counts.Sum(c => c.added);
        job.Present += counts.Sum(c => c.present);
        job.NextIndex += batch.Length;
        job.Pages++;
        job.LargestPage = Math.Max(job.LargestPage, batch.Length);
    }

    private JobProgress SyntheticProgress()
    {
        if (state.State.Synthetic is not { } job)
        {
            return new JobProgress(BackgroundJobs.SyntheticSeed, JobProgress.Idle, null, 0, 0, 0, _options.SeedReportsPerPage, 0, null, null, null, null,
                new Dictionary<string, long> { ["recommendations"] = 0, ["recommendationsAdded"] = 0 }, 0, null);
        }
        var status = job.FinishedAt is not null ? JobProgress.Finished : job.Error is not null ? JobProgress.Failed : JobProgress.Running;
        return new JobProgress(BackgroundJobs.SyntheticSeed, status, $"{job.Reports}x{job.PerReport}", job.NextIndex - 1, job.Reports, job.Pages,
            _options.SeedReportsPerPage, job.LargestPage, $"synthetic-{job.NextIndex - 1:00000}", job.StartedAt, job.UpdatedAt, job.FinishedAt,
            new Dictionary<string, long> { ["recommendations"] = job.Present, ["recommendationsAdded"] = job.Added, ["recommendationsPerReport"] = job.PerReport }, job.Resumes, job.Error);
    }

    private async Task<int> RegisterAsync(string reportId, SeedFinding finding, SeedRecommendation recommendation, string? parentId,
        DateOnly dueDate, string basis, int sortOrder)
    {
        var id = GrainKeys.Recommendation(reportId, recommendation.Code);
        var children = recommendation.Children ?? [];
        var grain = GrainFactory.Recommendation(id);
        var command = new RegisterRecommendation(
            reportId, recommendation.Code, finding.Code, parentId, sortOrder, recommendation.Title, recommendation.Text,
            recommendation.Units, dueDate, basis, children.Select(c => GrainKeys.Recommendation(reportId, c.Code)).ToArray());
        var result = await grain.RegisterAsync(command);
        if (result.Error?.Kind == ErrorKind.Conflict)
        {
            // Registered by someone else between this grain's read and its append: a second activation of it (or of the
            // seed) while silos join. The grain has reloaded its stream, so asking again finds it registered.
            result = await grain.RegisterAsync(command);
        }
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
