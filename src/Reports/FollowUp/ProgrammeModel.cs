using System.Globalization;

namespace Oversight.Reports.FollowUp;

/// <summary>How current a figure or a dataset is (OCHA HDX's rule against the declared frequency).</summary>
public enum FigureFreshness
{
    /// <summary>fresh</summary>
    Fresh,
    /// <summary>due</summary>
    Due,
    /// <summary>overdue</summary>
    Overdue,
    /// <summary>delinquent</summary>
    Delinquent,
    /// <summary>No declared frequency or no date: never shown as fresh.</summary>
    Unknown,
}

/// <summary>
/// One number with its provenance, as the monitoring board gives it: the value (null when the source does not give
/// it), its period, its source ("report:mol-digital-2565", an ingesting system, "computed", "synthetic:demo"), the
/// date it is true as of, its freshness, whether it is synthetic, and a note (how it was computed, or why there is no
/// value).
/// </summary>
/// <param name="Value">Value, or null.</param>
/// <param name="Period">Period ("2026-10", "FY2565"), or null.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="AsOf">The date it is true as of, or null.</param>
/// <param name="Freshness">How current it is.</param>
/// <param name="Synthetic">Synthetic (demonstration) data: labelled wherever it is printed, never added into a real total.</param>
/// <param name="Note">How it was computed, or why it is missing.</param>
public sealed record FigureValue(double? Value, string? Period, string Source, DateOnly? AsOf, FigureFreshness Freshness, bool Synthetic, Bilingual? Note = null)
{
    /// <summary>No figure (nothing recorded).</summary>
    public static FigureValue None(string source = "none") => new(null, null, source, null, FigureFreshness.Unknown, false);

    /// <summary>The value as printed: thousands separated, at most two decimals; "–" when there is none.</summary>
    public string Display => Value is { } v ? v.ToString("#,##0.##", CultureInfo.InvariantCulture) : "–";
}

/// <summary>
/// The programme behind the report's recommendations, as the monitoring board held it on <see cref="AsOf"/>: outcome
/// indicators, contract milestones, the provincial offices and the data exchange with partner agencies. Every number
/// carries its provenance. Present only when some indicator or contract measures a recommendation of this report.
/// </summary>
public sealed record ProgrammeSection
{
    /// <summary>The day the board computed the figures for (its "today").</summary>
    public required DateOnly AsOf { get; init; }
    /// <summary>Outcome indicators that measure the report's recommendations.</summary>
    public IReadOnlyList<ProgrammeIndicator> Indicators { get; init; } = [];
    /// <summary>Contracts and plans linked to the report's recommendations.</summary>
    public IReadOnlyList<ProgrammeContract> Contracts { get; init; } = [];
    /// <summary>The provincial labour offices with the figures the regional summary is drawn from.</summary>
    public IReadOnlyList<ProgrammeOffice> Offices { get; init; } = [];
    /// <summary>Figures the audit report gives about the offices as a whole (e.g. the 6 visited offices that never registered).</summary>
    public IReadOnlyList<ReportFigure> OfficeReportFigures { get; init; } = [];
    /// <summary>Partner agencies with their datasets.</summary>
    public IReadOnlyList<ProgrammeAgency> Agencies { get; init; } = [];
    /// <summary>Figures the audit report gives about data exchange (12 agencies, 4 with API linkage in progress).</summary>
    public IReadOnlyList<ReportFigure> ExchangeReportFigures { get; init; } = [];
    /// <summary>
    /// The unit the data exchange belongs to (LBDA's owner, the ICT Centre, as the loader reads it from the grain
    /// abstractions): a unit report shows it only to that unit; null: to no unit report.
    /// </summary>
    public string? DataExchangeUnit { get; init; }
}

/// <summary>An outcome indicator.</summary>
/// <param name="Code">Code, e.g. IND-LBDA-REG.</param>
/// <param name="Name">Name.</param>
/// <param name="Unit">Unit of the value ("ร้อยละ" / "%").</param>
/// <param name="Current">Current value.</param>
/// <param name="Baseline">Baseline, or null.</param>
/// <param name="Target">Target value, or null while none is set.</param>
/// <param name="TargetDate">Date the target is for.</param>
/// <param name="Recommendations">Codes of the recommendations it measures (as the reader may see them).</param>
/// <param name="Method">How it is computed.</param>
/// <param name="Units">The units it belongs to (those of the recommendations it measures).</param>
public sealed record ProgrammeIndicator(string Code, Bilingual Name, Bilingual Unit, FigureValue Current, FigureValue? Baseline, double? Target, DateOnly? TargetDate,
    IReadOnlyList<string> Recommendations, Bilingual Method, IReadOnlyList<string> Units);

/// <summary>Where a milestone stands.</summary>
public enum MilestoneProgress
{
    /// <summary>Not delivered, not yet due.</summary>
    Pending,
    /// <summary>Not delivered and past its current planned date.</summary>
    Late,
    /// <summary>Delivered on time.</summary>
    Delivered,
    /// <summary>Delivered after its current planned date.</summary>
    DeliveredLate,
    /// <summary>No planned date is known.</summary>
    Undated,
}

/// <summary>A project contract or plan with its milestones, fines and blockers.</summary>
/// <param name="Id">Id.</param>
/// <param name="Title">Title.</param>
/// <param name="Unit">Responsible unit.</param>
/// <param name="Contractor">Contractor, when known.</param>
/// <param name="Value">Contract value (baht).</param>
/// <param name="FinesAccrued">Delay fines accrued (baht).</param>
/// <param name="FinesShareOfValue">Fines as a share of the value (%), against the 10 % termination-review line.</param>
/// <param name="MaxDaysLate">The most days late of any milestone.</param>
/// <param name="TerminationReviewFlaggedOn">When the fines passed 10 % of the value, or null.</param>
/// <param name="Status">Status in words, or null.</param>
/// <param name="Milestones">Milestones in order.</param>
/// <param name="Blockers">Blockers (open and cleared).</param>
/// <param name="LinkedRecommendations">Codes of the recommendations it is linked to (as the reader may see them).</param>
/// <param name="Source">Where the contract's facts come from.</param>
/// <param name="Synthetic">Its values are synthetic.</param>
public sealed record ProgrammeContract(string Id, Bilingual Title, string Unit, string? Contractor, FigureValue Value, FigureValue FinesAccrued,
    FigureValue FinesShareOfValue, FigureValue MaxDaysLate, DateOnly? TerminationReviewFlaggedOn, Bilingual? Status, IReadOnlyList<ProgrammeMilestone> Milestones,
    IReadOnlyList<ProgrammeBlocker> Blockers, IReadOnlyList<string> LinkedRecommendations, string Source, bool Synthetic = false);

/// <summary>A milestone: planned (baseline and current) against actual.</summary>
/// <param name="Id">Id.</param>
/// <param name="Deliverable">What is delivered.</param>
/// <param name="PlannedDate">The planned date in the contract (baseline).</param>
/// <param name="CurrentPlannedDate">The planned date after approved extensions.</param>
/// <param name="DeliveredOn">When it was delivered.</param>
/// <param name="State">Where it stands.</param>
/// <param name="DaysLate">Days late.</param>
/// <param name="FineAccrued">Fine accrued (baht).</param>
/// <param name="Dates">Where the dates come from.</param>
public sealed record ProgrammeMilestone(string Id, Bilingual Deliverable, DateOnly? PlannedDate, DateOnly? CurrentPlannedDate, DateOnly? DeliveredOn,
    MilestoneProgress State, FigureValue DaysLate, FigureValue FineAccrued, FigureValue Dates);

/// <summary>A blocker of a contract.</summary>
/// <param name="Reason">What blocks.</param>
/// <param name="Since">Since when, if known.</param>
/// <param name="Owner">Who must clear it.</param>
/// <param name="Open">Not yet cleared.</param>
public sealed record ProgrammeBlocker(Bilingual Reason, DateOnly? Since, string Owner, bool Open);

/// <summary>A provincial labour office with the figures the regional summary needs (each the latest the board has).</summary>
/// <param name="Code">DOPA province code.</param>
/// <param name="Name">Office name.</param>
/// <param name="Region">NSO region (Bangkok, Central, North, Northeast, South).</param>
/// <param name="Unit">The office's unit code (PLO-xx).</param>
/// <param name="VisitedByAudit">Whether the audit visited it; null while no source says.</param>
/// <param name="RegisteredStaff">Staff registered for LBDA.</param>
/// <param name="StaffNeedingAccess">Staff who need LBDA.</param>
/// <param name="InformalRegistered">Informal workers registered.</param>
/// <param name="InformalBaseline">The office's share of the NSO regional baseline.</param>
/// <param name="RecordsUpdated">Registry records updated in the last 12 months.</param>
public sealed record ProgrammeOffice(string Code, Bilingual Name, string Region, string Unit, bool? VisitedByAudit, FigureValue RegisteredStaff,
    FigureValue StaffNeedingAccess, FigureValue InformalRegistered, FigureValue InformalBaseline, FigureValue RecordsUpdated);

/// <summary>A figure the audit report itself gives.</summary>
/// <param name="Metric">Metric id, e.g. report.offices-never-registered.</param>
/// <param name="Label">What it counts.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Figure">The figure (source: the report).</param>
public sealed record ReportFigure(string Metric, Bilingual Label, Bilingual Unit, FigureValue Figure);

/// <summary>A partner agency LBDA exchanges data with.</summary>
/// <param name="Id">Id.</param>
/// <param name="Name">Name.</param>
/// <param name="Mode">Linkage mode as stored (direct-api, request-per-cycle, via-another-agency), or null when not given.</param>
/// <param name="Status">Link status as stored (linked, api-in-progress, not-linked), or null.</param>
/// <param name="Source">Where the agency's facts come from.</param>
/// <param name="Synthetic">Synthetic.</param>
/// <param name="Datasets">Its datasets.</param>
public sealed record ProgrammeAgency(string Id, Bilingual Name, string? Mode, string? Status, string Source, bool Synthetic, IReadOnlyList<ProgrammeDataset> Datasets);

/// <summary>A dataset with its declared update frequency and freshness.</summary>
/// <param name="Id">Id.</param>
/// <param name="Name">Name.</param>
/// <param name="RecordLevel">Record-level (รายทะเบียน) rather than aggregate.</param>
/// <param name="Frequency">Declared update frequency in words.</param>
/// <param name="LastUpdate">Its last update (the value is the date as a day number; <see cref="LastUpdateDate"/>).</param>
/// <param name="LastUpdateDate">The last update's date, or null when unknown.</param>
/// <param name="Freshness">Freshness state.</param>
/// <param name="Synthetic">The dataset or its figure is synthetic.</param>
public sealed record ProgrammeDataset(string Id, Bilingual Name, bool RecordLevel, Bilingual Frequency, FigureValue LastUpdate, DateOnly? LastUpdateDate,
    FigureFreshness Freshness, bool Synthetic);
