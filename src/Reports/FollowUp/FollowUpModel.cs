namespace Oversight.Reports.FollowUp;

/// <summary>The language a report is written in. Thai is the default; dates are B.E. in Thai and C.E. in English.</summary>
public enum ReportLanguage
{
    /// <summary>Thai (default).</summary>
    Thai,
    /// <summary>English.</summary>
    English,
}

/// <summary>Text held in Thai (authoritative) and English.</summary>
/// <param name="Th">Thai.</param>
/// <param name="En">English.</param>
public sealed record Bilingual(string Th, string En)
{
    /// <summary>The text in <paramref name="language"/> (Thai when the English text is empty).</summary>
    public string For(ReportLanguage language) => language == ReportLanguage.English && !string.IsNullOrEmpty(En) ? En : Th;

    /// <summary>The same text in both languages (codes, names without a translation).</summary>
    public static Bilingual Same(string text) => new(text, text);
}

/// <summary>Implementation status, as the system models it (not the SAO's own names).</summary>
public enum FollowUpStatus
{
    /// <summary>not-started</summary>
    NotStarted,
    /// <summary>in-progress</summary>
    InProgress,
    /// <summary>implemented-pending-verification</summary>
    ImplementedPendingVerification,
    /// <summary>closed-implemented</summary>
    ClosedImplemented,
    /// <summary>closed-partly-implemented</summary>
    ClosedPartlyImplemented,
    /// <summary>closed-not-implemented</summary>
    ClosedNotImplemented,
    /// <summary>no-longer-applicable</summary>
    NoLongerApplicable,
}

/// <summary>The auditee's response to a recommendation.</summary>
public enum FollowUpResponse
{
    /// <summary>agreed</summary>
    Agreed,
    /// <summary>partly-agreed</summary>
    PartlyAgreed,
    /// <summary>disagreed</summary>
    Disagreed,
}

/// <summary>Status of an action-plan item.</summary>
public enum PlanItemStatus
{
    /// <summary>not-started</summary>
    NotStarted,
    /// <summary>in-progress</summary>
    InProgress,
    /// <summary>completed</summary>
    Completed,
    /// <summary>cancelled</summary>
    Cancelled,
}

/// <summary>State of an extension request.</summary>
public enum ExtensionOutcome
{
    /// <summary>pending</summary>
    Pending,
    /// <summary>approved</summary>
    Approved,
    /// <summary>rejected</summary>
    Rejected,
}

/// <summary>An auditor's verification decision.</summary>
public enum VerificationOutcome
{
    /// <summary>implemented</summary>
    Implemented,
    /// <summary>partly-implemented</summary>
    PartlyImplemented,
    /// <summary>not-implemented</summary>
    NotImplemented,
    /// <summary>no-longer-applicable</summary>
    NoLongerApplicable,
    /// <summary>reopen</summary>
    Reopen,
}

/// <summary>A finding or an observation of the audit report.</summary>
public enum FindingType
{
    /// <summary>ข้อตรวจพบ</summary>
    Finding,
    /// <summary>ข้อสังเกต</summary>
    Observation,
}

/// <summary>Status helpers shared by the composers and the register export.</summary>
public static class FollowUpStatusRules
{
    /// <summary>Closed by an auditor (implemented, partly, not implemented) or no longer applicable.</summary>
    public static bool IsClosed(this FollowUpStatus status) => status is FollowUpStatus.ClosedImplemented or FollowUpStatus.ClosedPartlyImplemented
        or FollowUpStatus.ClosedNotImplemented or FollowUpStatus.NoLongerApplicable;

    /// <summary>Statuses in which a passed due date makes the recommendation overdue (the unit still owes work).</summary>
    public static bool CountsTowardOverdue(this FollowUpStatus status) => status is FollowUpStatus.NotStarted or FollowUpStatus.InProgress;

    /// <summary>Overdue = due date before <paramref name="asOf"/> and status not-started or in-progress.</summary>
    public static bool IsOverdue(this FollowUpStatus status, DateOnly dueDate, DateOnly asOf) => status.CountsTowardOverdue() && dueDate < asOf;
}

/// <summary>
/// Everything a follow-up report shows about one audit report, as it stood at the end of <see cref="AsOf"/>
/// (a Thai date). A plain model: the web tier builds it from the grains; the composers turn it into a
/// <see cref="Model.Document"/>. The same model always gives the same document.
/// </summary>
public sealed record FollowUpReport
{
    /// <summary>Report id, e.g. "mol-digital-2565".</summary>
    public required string ReportId { get; init; }
    /// <summary>Title of the audit report.</summary>
    public required Bilingual Title { get; init; }
    /// <summary>The audit office.</summary>
    public required Bilingual Auditor { get; init; }
    /// <summary>The audited entity.</summary>
    public required Bilingual Auditee { get; init; }
    /// <summary>To whom the recommendations are addressed.</summary>
    public Bilingual? Addressee { get; init; }
    /// <summary>First audited fiscal year, B.E.</summary>
    public required int FiscalYearFromBe { get; init; }
    /// <summary>Last audited fiscal year, B.E.</summary>
    public required int FiscalYearToBe { get; init; }
    /// <summary>Date of the audit report.</summary>
    public required DateOnly ReportDate { get; init; }
    /// <summary>True when <see cref="ReportDate"/> is a placeholder (the source gives no publication date); the cover says so.</summary>
    public bool ReportDateProvisional { get; init; }
    /// <summary>The date the report describes (end of that Thai day).</summary>
    public required DateOnly AsOf { get; init; }
    /// <summary>Names of the units the report mentions, by code.</summary>
    public IReadOnlyList<UnitInfo> Units { get; init; } = [];
    /// <summary>Findings and observations in report order, each with its recommendations (parents before their sub-recommendations).</summary>
    public required IReadOnlyList<FindingEntry> Findings { get; init; }
    /// <summary>
    /// The programme behind the recommendations (indicators, contract milestones, provincial offices, data exchange),
    /// each figure with its provenance; null when no indicator or contract measures this report's recommendations (the
    /// report then says so).
    /// </summary>
    public ProgrammeSection? Programme { get; init; }
    /// <summary>
    /// The agency that issues the follow-up report, for the official name block; null: <see cref="Auditor"/>.
    /// </summary>
    public Bilingual? Issuer { get; init; }
    /// <summary>The result of verifying the report's history chains, or null when it was not checked.</summary>
    public HistoryVerification? Verification { get; init; }
    /// <summary>
    /// The newest audit-trail checkpoint when the report was generated, printed on every file made from the model so
    /// that it can be verified later; null when none was available (the files then say so).
    /// </summary>
    public AuditCheckpoint? Checkpoint { get; init; }
    /// <summary>True when the report is built from synthetic (demonstration or test) data; every file made from it says so.</summary>
    public bool Synthetic { get; init; }

    /// <summary>Every recommendation, in report order.</summary>
    public IEnumerable<RecommendationEntry> Recommendations => Findings.SelectMany(f => f.Recommendations);

    /// <summary>The name of a unit, or its code when unknown.</summary>
    public Bilingual UnitName(string code) => Units.FirstOrDefault(u => u.Code == code)?.Name ?? Bilingual.Same(code);
}

/// <summary>
/// A checkpoint of the audit trail: a hash committing to every history chain's head at one moment. Printed as
/// <see cref="Reference"/>, which <c>GET /api/v1/audit-trail/verify?checkpoint={sequence}:{hash}</c> accepts to prove
/// that nothing the checkpoint covers was later removed or changed.
/// </summary>
/// <param name="Sequence">Checkpoint number (1, 2, 3…).</param>
/// <param name="Hash">SHA-256 of the checkpoint, 64 lower-case hex digits.</param>
/// <param name="At">When the checkpoint was made.</param>
public sealed record AuditCheckpoint(long Sequence, string Hash, DateTimeOffset At)
{
    /// <summary>"{sequence}:{hash}", the form reports print and the verify endpoint accepts.</summary>
    public string Reference => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Sequence}:{Hash}");
}

/// <summary>A responsible unit.</summary>
/// <param name="Code">Code, e.g. ICT.</param>
/// <param name="Name">Name.</param>
public sealed record UnitInfo(string Code, Bilingual Name);

/// <summary>A finding or observation with its recommendations.</summary>
/// <param name="Code">Code, e.g. F1 or O1.</param>
/// <param name="Type">Finding or observation.</param>
/// <param name="Ordinal">Number within its type (ข้อตรวจพบที่ 1, ข้อสังเกต 1).</param>
/// <param name="Title">Title.</param>
/// <param name="Summary">Summary.</param>
/// <param name="Recommendations">Recommendations in order, each parent followed by its sub-recommendations.</param>
public sealed record FindingEntry(string Code, FindingType Type, int Ordinal, Bilingual Title, Bilingual Summary, IReadOnlyList<RecommendationEntry> Recommendations);

/// <summary>One tracked recommendation as of the report date.</summary>
public sealed record RecommendationEntry
{
    /// <summary>Id, "{reportId}.{code}".</summary>
    public required string Id { get; init; }
    /// <summary>Code, e.g. F1-R1.1.</summary>
    public required string Code { get; init; }
    /// <summary>Finding code.</summary>
    public required string FindingCode { get; init; }
    /// <summary>Code of the parent recommendation, or null.</summary>
    public string? ParentCode { get; init; }
    /// <summary>0 for a recommendation, 1 for a sub-recommendation.</summary>
    public int Depth { get; init; }
    /// <summary>Short title.</summary>
    public required Bilingual Title { get; init; }
    /// <summary>Full text as in the audit report.</summary>
    public required Bilingual Text { get; init; }
    /// <summary>Responsible unit codes, in the report's order.</summary>
    public required IReadOnlyList<string> Units { get; init; }
    /// <summary>False when the recommendation was not yet registered in the system on the as-of date (only its fixed content is shown).</summary>
    public bool Registered { get; init; } = true;
    /// <summary>Status.</summary>
    public FollowUpStatus Status { get; init; }
    /// <summary>Past its due date while not-started or in-progress, judged on the as-of date.</summary>
    public bool Overdue { get; init; }
    /// <summary>Percent progress reported by the unit.</summary>
    public int Progress { get; init; }
    /// <summary>Current due date.</summary>
    public DateOnly DueDate { get; init; }
    /// <summary>Due date before any extension.</summary>
    public DateOnly OriginalDueDate { get; init; }
    /// <summary>Version (number of history events).</summary>
    public long Version { get; init; }
    /// <summary>Last change.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
    /// <summary>The auditee's response, or null when none was recorded.</summary>
    public ResponseEntry? Response { get; init; }
    /// <summary>Action plan.</summary>
    public IReadOnlyList<ActionEntry> Actions { get; init; } = [];
    /// <summary>Evidence files.</summary>
    public IReadOnlyList<EvidenceEntry> Evidence { get; init; } = [];
    /// <summary>Extension requests.</summary>
    public IReadOnlyList<ExtensionEntry> Extensions { get; init; } = [];
    /// <summary>Auditor verifications.</summary>
    public IReadOnlyList<VerificationEntry> Verifications { get; init; } = [];
    /// <summary>Hash-chained history up to the as-of date.</summary>
    public IReadOnlyList<HistoryRow> History { get; init; } = [];
}

/// <summary>The auditee's response.</summary>
/// <param name="Response">Agreed, partly agreed or disagreed.</param>
/// <param name="Note">Explanation.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="By">Who recorded it.</param>
public sealed record ResponseEntry(FollowUpResponse Response, string Note, DateTimeOffset At, string By);

/// <summary>An action-plan item.</summary>
/// <param name="Id">Id.</param>
/// <param name="Title">What will be done.</param>
/// <param name="OwnerUnit">Unit code.</param>
/// <param name="DueDate">Due date.</param>
/// <param name="Status">Status.</param>
/// <param name="Progress">Percent.</param>
/// <param name="Overdue">Past due while open.</param>
public sealed record ActionEntry(string Id, string Title, string OwnerUnit, DateOnly DueDate, PlanItemStatus Status, int Progress, bool Overdue);

/// <summary>An evidence file.</summary>
/// <param name="Id">Id.</param>
/// <param name="FileName">File name.</param>
/// <param name="Description">Description, or null.</param>
/// <param name="UploadedAt">Upload time.</param>
/// <param name="UploadedBy">Uploader.</param>
/// <param name="Sha256">SHA-256 of the content, lower-case hex.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Withdrawn">Withdrawn (evidence is never deleted).</param>
/// <param name="WithdrawnReason">Why, when withdrawn.</param>
public sealed record EvidenceEntry(string Id, string FileName, string? Description, DateTimeOffset UploadedAt, string UploadedBy, string Sha256, long Size,
    bool Withdrawn = false, string? WithdrawnReason = null);

/// <summary>An extension request and its decision.</summary>
/// <param name="OriginalDueDate">Due date before any extension.</param>
/// <param name="DueDateAtRequest">Due date when requested.</param>
/// <param name="RequestedDueDate">Requested due date.</param>
/// <param name="Reason">Reason given by the unit.</param>
/// <param name="RequestedAt">When.</param>
/// <param name="RequestedBy">Who.</param>
/// <param name="Status">Pending, approved or rejected.</param>
/// <param name="DecisionNote">Auditor's note.</param>
/// <param name="DecidedAt">When decided.</param>
/// <param name="DecidedBy">Approver.</param>
public sealed record ExtensionEntry(DateOnly OriginalDueDate, DateOnly DueDateAtRequest, DateOnly RequestedDueDate, string Reason, DateTimeOffset RequestedAt,
    string RequestedBy, ExtensionOutcome Status, string? DecisionNote, DateTimeOffset? DecidedAt, string? DecidedBy);

/// <summary>An auditor's verification.</summary>
/// <param name="Decision">Decision.</param>
/// <param name="Note">Verification note.</param>
/// <param name="At">When.</param>
/// <param name="By">Auditor.</param>
/// <param name="StatusBefore">Status before.</param>
/// <param name="StatusAfter">Status after.</param>
public sealed record VerificationEntry(VerificationOutcome Decision, string Note, DateTimeOffset At, string By, FollowUpStatus StatusBefore, FollowUpStatus StatusAfter);

/// <summary>One link of a recommendation's hash-chained history.</summary>
/// <param name="Seq">Sequence number (1, 2, 3…).</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Actor">Who (display name or username).</param>
/// <param name="EventType">Event type, e.g. progress-updated.</param>
/// <param name="Changes">What changed (machine field names and values, as stored).</param>
/// <param name="Note">Note, or null.</param>
/// <param name="Hash">SHA-256 of the link.</param>
public sealed record HistoryRow(long Seq, DateTimeOffset At, string Actor, string EventType, IReadOnlyList<HistoryChange> Changes, string? Note, string Hash);

/// <summary>One field changed by a history event.</summary>
/// <param name="Field">Field, e.g. status or actions[act-1].progress.</param>
/// <param name="Before">Value before, or null.</param>
/// <param name="After">Value after, or null.</param>
public sealed record HistoryChange(string Field, string? Before, string? After);

/// <summary>The result of recomputing the report's history hash chains from the database.</summary>
/// <param name="Intact">True when every chain verifies.</param>
/// <param name="Streams">Chains checked.</param>
/// <param name="Events">Links checked.</param>
/// <param name="BrokenStream">The first broken chain, or null.</param>
/// <param name="BrokenSeq">Where it breaks.</param>
/// <param name="BrokenReason">Why (hash-mismatch, prev-hash-mismatch, sequence-gap, head-mismatch).</param>
public sealed record HistoryVerification(bool Intact, int Streams, long Events, string? BrokenStream = null, long? BrokenSeq = null, string? BrokenReason = null);
