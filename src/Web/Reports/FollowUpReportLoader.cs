using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Abstractions.Units;
using Oversight.Reports.FollowUp;

using Oversight.Web.Text;

namespace Oversight.Web.Reports;

/// <summary>
/// Reads an audit report as it stood at the end of a Thai date from the grains (report tree, each recommendation's
/// detail as of that date, unit names, the verification of the report's history chains) and maps it to the plain
/// <see cref="FollowUpReport"/> the composers render. Grains never render.
/// </summary>
public static class FollowUpReportLoader
{
    /// <param name="grains">Grain factory.</param>
    /// <param name="reportId">The audit report.</param>
    /// <param name="asOf">The Thai date the report stands at.</param>
    /// <param name="verifyHistory">Recompute the history chains (the PDFs print the result).</param>
    /// <param name="unit">The unit a unit report is for: its programme section is read with that unit officer's scope.</param>
    /// <param name="programme">Read the programme section from the monitoring board (the PDFs; the register does not print it).</param>
    public static async Task<FollowUpReport?> LoadAsync(IGrainFactory grains, string reportId, DateOnly asOf, bool verifyHistory = true, string? unit = null,
        bool programme = true)
    {
        var tree = await grains.GetGrain<IRecommendationQueryGrain>(0).GetReportTreeAsync(reportId);
        if (tree is null)
        {
            return null;
        }

        // Flatten the tree: each recommendation followed by its sub-recommendations.
        var nodes = new List<(FindingNode Finding, RecommendationNode Node, int Depth, string? Parent)>();
        foreach (var finding in tree.Findings)
        {
            void Walk(RecommendationNode node, int depth, string? parent)
            {
                nodes.Add((finding, node, depth, parent));
                foreach (var child in node.Children.OrderBy(c => c.Recommendation.SortOrder))
                {
                    Walk(child, depth + 1, node.Recommendation.Code);
                }
            }
            foreach (var node in finding.Recommendations)
            {
                Walk(node, 0, null);
            }
        }

        var details = await Task.WhenAll(nodes.Select(n => grains.Recommendation(n.Node.Recommendation.Id).GetDetailAsOfAsync(asOf)));
        // A recommendation registered after the as-of date: its fixed content (title, text, units) is still the report's.
        var current = await Task.WhenAll(nodes.Select((n, i) => details[i] is null
            ? grains.Recommendation(n.Node.Recommendation.Id).GetDetailAsync()
            : Task.FromResult<RecommendationDetail?>(null)));
        var unitsTask = grains.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).ListAsync();
        var verification = verifyHistory ? await grains.GetGrain<IAuditTrailGrain>(0).VerifyAsync(reportId + ".") : null;
        // The end of the as-of day (Thai time), or now when that is later than now: the checkpoint the file was made at.
        var endOfDay = new DateTimeOffset(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue), ThaiClock.Offset);
        var checkpoints = grains.GetGrain<ICheckpointGrain>(0);
        var checkpoint = await checkpoints.GetAtOrBeforeAsync(endOfDay);
        if (checkpoint is null && asOf >= ThaiClock.Today(TimeProvider.System))
        {
            checkpoint = await checkpoints.GetLatestAsync(); // none made yet today: make the first one now
        }
        var directory = await unitsTask;
        var programmeSection = programme
            ? await ProgrammeLoader.LoadAsync(grains, reportId, nodes.Select(n => n.Node.Recommendation.Id).ToHashSet(StringComparer.Ordinal), unit)
            : null;

        var entries = new Dictionary<string, List<RecommendationEntry>>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var (finding, node, depth, parent) = nodes[i];
            var entry = details[i] is { } detail
                ? Map(detail, depth, parent, asOf)
                : Unregistered(node.Recommendation, current[i], depth, parent);
            if (!entries.TryGetValue(finding.Finding.Code, out var list))
            {
                entries[finding.Finding.Code] = list = [];
            }
            list.Add(entry);
        }

        var report = tree.Report;
        var used = new HashSet<string>(StringComparer.Ordinal) { report.AuditeeUnit };
        foreach (var e in entries.Values.SelectMany(l => l))
        {
            used.UnionWith(e.Units);
            used.UnionWith(e.Actions.Select(a => a.OwnerUnit));
        }
        return new FollowUpReport
        {
            ReportId = report.Id,
            Title = Bi(report.Title),
            Auditor = Bi(report.Auditor),
            Auditee = Bi(report.Auditee),
            Addressee = Bi(report.Addressee),
            FiscalYearFromBe = report.FiscalYearFromBe,
            FiscalYearToBe = report.FiscalYearToBe,
            ReportDate = report.ReportDate,
            ReportDateProvisional = report.ReportDateBasis.StartsWith("Placeholder", StringComparison.OrdinalIgnoreCase),
            AsOf = asOf,
            Units = directory.Where(u => used.Contains(u.Code)).OrderBy(u => u.Code, StringComparer.Ordinal).Select(u => new UnitInfo(u.Code, Bi(u.Name))).ToArray(),
            Findings = tree.Findings.Select(f => new FindingEntry(f.Finding.Code,
                f.Finding.Kind == FindingKind.Observation ? FindingType.Observation : FindingType.Finding,
                f.Finding.Ordinal, Bi(f.Finding.Title), Bi(f.Finding.Summary),
                entries.TryGetValue(f.Finding.Code, out var list) ? list : [])).ToArray(),
            Programme = programmeSection,
            Checkpoint = checkpoint is null ? null : new AuditCheckpoint(checkpoint.Sequence, checkpoint.Hash, checkpoint.At),
            Synthetic = SyntheticReports.IsSynthetic(report.Id),
            Verification = verification is null ? null : new HistoryVerification(verification.Intact, verification.Streams, verification.Events,
                verification.FirstBroken?.StreamId, verification.FirstBroken?.Seq, verification.FirstBroken?.Reason),
        };
    }

    internal static RecommendationEntry Map(RecommendationDetail d, int depth, string? parent, DateOnly asOf)
    {
        var s = d.Summary;
        var name = PeopleNames.For(d);
        return new RecommendationEntry
        {
            Id = s.Id,
            Code = s.Code,
            FindingCode = s.FindingCode,
            ParentCode = parent,
            Depth = depth,
            Title = Bi(s.Title),
            Text = Bi(d.Text),
            Units = s.Units,
            Registered = true,
            Status = Status(s.Status),
            Overdue = s.Status.IsOverdue(s.DueDate, asOf),
            Progress = s.Progress,
            DueDate = s.DueDate,
            OriginalDueDate = d.OriginalDueDate,
            Version = s.Version,
            UpdatedAt = s.UpdatedAt,
            Response = d.Response is { } r ? new ResponseEntry(Response(r.Response), r.Note, r.At, name(r.By)) : null,
            Actions = d.Actions.Select(a => new ActionEntry(a.Id, a.Title, a.OwnerUnit, a.DueDate, Plan(a.Status), a.Progress, a.Overdue)).ToArray(),
            Evidence = d.Evidence.Select(e => new EvidenceEntry(e.Id, e.FileName, e.Description, e.UploadedAt, name(e.UploadedBy), e.Sha256, e.Size,
                e.Withdrawn, e.WithdrawnReason)).ToArray(),
            Extensions = d.Extensions.Select(x => new ExtensionEntry(x.OriginalDueDate, x.DueDateAtRequest, x.RequestedDueDate, x.Reason, x.RequestedAt,
                name(x.RequestedBy), Extension(x.Status), x.DecisionNote, x.DecidedAt, x.DecidedBy is null ? null : name(x.DecidedBy))).ToArray(),
            Verifications = d.Verifications.Select(v => new VerificationEntry(Decision(v.Decision), v.Note, v.At, name(v.By), Status(v.StatusBefore),
                Status(v.StatusAfter))).ToArray(),
            History = d.History.Select(h => new HistoryRow(h.Seq, h.At, h.Actor.DisplayName, h.Type,
                h.Changes.Select(c => new HistoryChange(c.Field, c.Before, c.After)).ToArray(), h.Note, h.Hash)).ToArray(),
        };
    }

    private static RecommendationEntry Unregistered(RecommendationSummary summary, RecommendationDetail? current, int depth, string? parent) => new()
    {
        Id = summary.Id,
        Code = summary.Code,
        FindingCode = summary.FindingCode,
        ParentCode = parent,
        Depth = depth,
        Title = Bi(summary.Title),
        Text = current is null ? Bilingual.Same("") : Bi(current.Text),
        Units = summary.Units,
        Registered = false,
        DueDate = summary.DueDate,
        OriginalDueDate = current?.OriginalDueDate ?? summary.DueDate,
    };

    private static Bilingual Bi(LocalizedText text) => new(text.Th, text.En);

    internal static FollowUpStatus Status(RecommendationStatus s) => s switch
    {
        RecommendationStatus.NotStarted => FollowUpStatus.NotStarted,
        RecommendationStatus.InProgress => FollowUpStatus.InProgress,
        RecommendationStatus.ImplementedPendingVerification => FollowUpStatus.ImplementedPendingVerification,
        RecommendationStatus.ClosedImplemented => FollowUpStatus.ClosedImplemented,
        RecommendationStatus.ClosedPartlyImplemented => FollowUpStatus.ClosedPartlyImplemented,
        RecommendationStatus.ClosedNotImplemented => FollowUpStatus.ClosedNotImplemented,
        RecommendationStatus.NoLongerApplicable => FollowUpStatus.NoLongerApplicable,
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    private static FollowUpResponse Response(AuditeeResponse r) => r switch
    {
        AuditeeResponse.Agreed => FollowUpResponse.Agreed,
        AuditeeResponse.PartlyAgreed => FollowUpResponse.PartlyAgreed,
        AuditeeResponse.Disagreed => FollowUpResponse.Disagreed,
        _ => throw new ArgumentOutOfRangeException(nameof(r), r, null),
    };

    private static PlanItemStatus Plan(ActionStatus s) => s switch
    {
        ActionStatus.NotStarted => PlanItemStatus.NotStarted,
        ActionStatus.InProgress => PlanItemStatus.InProgress,
        ActionStatus.Completed => PlanItemStatus.Completed,
        ActionStatus.Cancelled => PlanItemStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    private static ExtensionOutcome Extension(ExtensionStatus s) => s switch
    {
        ExtensionStatus.Pending => ExtensionOutcome.Pending,
        ExtensionStatus.Approved => ExtensionOutcome.Approved,
        ExtensionStatus.Rejected => ExtensionOutcome.Rejected,
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    private static VerificationOutcome Decision(VerificationDecision d) => d switch
    {
        VerificationDecision.Implemented => VerificationOutcome.Implemented,
        VerificationDecision.PartlyImplemented => VerificationOutcome.PartlyImplemented,
        VerificationDecision.NotImplemented => VerificationOutcome.NotImplemented,
        VerificationDecision.NoLongerApplicable => VerificationOutcome.NoLongerApplicable,
        VerificationDecision.Reopen => VerificationOutcome.Reopen,
        _ => throw new ArgumentOutOfRangeException(nameof(d), d, null),
    };
}
