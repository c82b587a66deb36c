using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;

namespace Oversight.Grains.Domain.Monitoring;

/// <summary>Turns a contract's state into its view as of a day: effective dates and values, lateness, fines, figures with provenance.</summary>
public static class ContractViews
{
    public static readonly LocalizedText NotComputable = new("คำนวณไม่ได้: รายงานต้นทางไม่ได้ระบุมูลค่างวดงาน", "cannot be computed: the source gives no instalment value");
    public static readonly LocalizedText LateAccordingToSource = new("ล่าช้ากว่าสัญญาตามรายงาน จำนวนวันไม่ระบุ", "late against the contract according to the report; days not given");
    public static readonly LocalizedText DemoValue = new("ค่าสังเคราะห์สำหรับการสาธิต", "synthetic demonstration value");

    /// <summary>Each milestone with the real figures where given and the labelled demo ones where not.</summary>
    public static IReadOnlyList<EffectiveMilestone> Effective(ContractState state) => state.Milestones.Select(m =>
    {
        var demo = state.Demo?.Milestones.FirstOrDefault(d => d.MilestoneId == m.Id);
        var instalment = m.Instalment ?? demo?.Instalment;
        var planned = m.Planned ?? demo?.Planned;
        var current = state.Extensions.LastOrDefault(e => e.MilestoneId == m.Id)?.NewDate ?? m.Planned ?? demo?.Planned;
        var delivered = m.Delivered ?? demo?.Delivered;
        var synthetic = demo is not null && (m.Instalment is null || m.Planned is null || (m.Delivered is null && demo.Delivered is not null));
        return new EffectiveMilestone(m, instalment, planned, current, delivered, synthetic);
    }).ToArray();

    public static ContractView ToView(ContractState state, long version, DateTimeOffset updatedAt, DateOnly today)
    {
        var rule = new FineRule(state.Rule.DailyRatePercent, state.Rule.DailyFloorBaht);
        var asOfFacts = ThaiClock.ToThaiDate(updatedAt);
        var source = state.Source;
        Figure Fact(decimal? real, decimal? demo) => real is { } r
            ? new Figure((double)r, null, source, asOfFacts, Freshness.Fresh, state.Synthetic)
            : demo is { } d ? new Figure((double)d, null, MonitoringText.SyntheticSource, asOfFacts, Freshness.Fresh, true, DemoValue) : Figure.NotGiven(source);
        Figure Computed(double? value, bool synthetic, LocalizedText? note = null) =>
            new(value, null, "computed", today, value is null ? Freshness.Unknown : Freshness.Fresh, synthetic, note);

        var milestones = new List<MilestoneView>();
        decimal total = 0;
        var totalKnown = true;
        var totalSynthetic = false;
        var maxLate = 0;
        var lateUnknown = false;
        foreach (var e in Effective(state))
        {
            var m = e.Milestone;
            var lateness = DelayFines.For(e.Current, e.Delivered, e.Instalment, rule, today);
            var stateOf = e.Current is null
                ? (m.ReportedDeliveredLate ? MilestoneState.DeliveredLate : e.Delivered is null ? MilestoneState.Undated : MilestoneState.Delivered)
                : e.Delivered is { } delivered
                    ? (lateness.DaysLate > 0 ? MilestoneState.DeliveredLate : MilestoneState.Delivered)
                    : (lateness.DaysLate > 0 ? MilestoneState.Late : MilestoneState.Pending);
            var dates = e.Current is null && e.Delivered is null
                ? Figure.NotGiven(source)
                : new Figure(null, null, e.Synthetic ? MonitoringText.SyntheticSource : source, asOfFacts, Freshness.Fresh, e.Synthetic, e.Synthetic ? DemoValue : null);
            var daysLate = e.Current is null
                ? Figure.NotGiven(source, m.ReportedDeliveredLate ? LateAccordingToSource : null)
                : Computed(lateness.DaysLate, e.Synthetic);
            var fine = lateness.Fine is { } f ? Computed((double)f, e.Synthetic) : Computed(null, e.Synthetic, e.Current is null ? MonitoringText.NotGivenInSource : NotComputable);
            if (e.Current is null)
            {
                lateUnknown |= m.ReportedDeliveredLate;
            }
            if (lateness.DaysLate > 0)
            {
                if (lateness.Fine is { } known)
                {
                    total += known;
                }
                else
                {
                    totalKnown = false;
                }
                totalSynthetic |= e.Synthetic;
            }
            maxLate = Math.Max(maxLate, lateness.DaysLate);
            milestones.Add(new MilestoneView(m.Id, m.Deliverable, Fact(m.Instalment, e.Synthetic ? e.Instalment : null), e.Planned, e.Current, e.Delivered, stateOf,
                daysLate, fine, dates));
        }

        var value = Fact(state.Value, state.Demo?.Value);
        var anyDated = Effective(state).Any(e => e.Current is not null);
        var fines = !anyDated ? Figure.NotGiven(source) : totalKnown ? Computed((double)total, totalSynthetic) : Computed(null, totalSynthetic, NotComputable);
        var share = fines.Value is { } fv && value.Value is { } vv && vv > 0
            ? Computed(Math.Round(100 * fv / vv, 2), fines.Synthetic || value.Synthetic)
            : Computed(null, fines.Synthetic || value.Synthetic, value.Value is null ? MonitoringText.NotGivenInSource : NotComputable);
        var maxDaysLate = anyDated ? Computed(maxLate, totalSynthetic) : Figure.NotGiven(source, lateUnknown ? LateAccordingToSource : null);
        return new ContractView(state.Id, state.Title, state.Unit, state.Contractor, value, state.SignedOn, state.Linked, state.Rule,
            milestones,
            state.Extensions.Select(x => new ContractExtensionView(x.Id, x.MilestoneId, x.Original, x.Previous, x.NewDate, x.Grounds, x.ApprovedBy, x.At, x.By)).ToArray(),
            state.Blockers.Select(b => new BlockerView(b.Id, b.Reason, b.Since, b.Owner, b.ClearedOn, b.ClearedNote, b.Source)).ToArray(),
            fines, share, maxDaysLate, state.TerminationFlaggedOn, source, state.Status, version, updatedAt, today);
    }
}
