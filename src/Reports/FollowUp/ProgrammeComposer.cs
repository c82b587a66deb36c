using System.Globalization;
using Oversight.Reports.Model;
using static Oversight.Reports.FollowUp.FollowUpComposer;

namespace Oversight.Reports.FollowUp;

/// <summary>
/// The programme section of the follow-up report (indicators with provenance, contract milestones against the 10 %
/// fine line, the provincial offices by NSO region, the data-exchange freshness matrix) and the executive summary's
/// indicator tiles. Every figure is printed with its source, its as-of date and its freshness, and "ข้อมูลสังเคราะห์" /
/// "synthetic data" where it is synthetic.
/// </summary>
internal static class ProgrammeComposer
{
    private static readonly Color FreshColor = Color.FromHex("#1B6E35");
    private static readonly Color DueColor = Color.FromHex("#7A5C00");
    private static readonly Color OverdueColor = Color.FromHex("#B34700");
    private static readonly Color TileBackground = Color.FromHex("#F3F6FA");

    /// <summary>What a unit's report may show of the programme: the items that belong to the unit (the API's scoping rule).</summary>
    public static ProgrammeSection? ForUnit(ProgrammeSection? programme, string? unit)
    {
        if (programme is null || unit is null)
        {
            return programme;
        }
        var offices = programme.Offices.Where(o => o.Unit == unit).ToArray();
        var exchange = programme.DataExchangeUnit == unit;
        return programme with
        {
            Indicators = programme.Indicators.Where(i => i.Units.Contains(unit)).ToArray(),
            Contracts = programme.Contracts.Where(c => c.Unit == unit).ToArray(),
            Offices = offices,
            OfficeReportFigures = offices.Length > 0 ? programme.OfficeReportFigures : [],
            Agencies = exchange ? programme.Agencies : [],
            ExchangeReportFigures = exchange ? programme.ExchangeReportFigures : [],
        };
    }

    /// <summary>The section, numbered 3, after the recommendations.</summary>
    public static void Section(DocumentBuilder b, FollowUpReport report, FollowUpText t, string? unit)
    {
        var p = ProgrammeText.For(t.Language);
        b.Heading(1, p.Section, pageBreakBefore: true);
        var programme = ForUnit(report.Programme, unit);
        if (programme is null)
        {
            b.Add(new Paragraph(p.None) { FirstLineIndent = 36 });
            return;
        }
        if (programme.Indicators.Count == 0 && programme.Contracts.Count == 0 && programme.Offices.Count == 0 && programme.Agencies.Count == 0)
        {
            b.Add(new Paragraph(unit is null ? p.None : p.NoneForUnit) { FirstLineIndent = 36 });
            return;
        }
        b.Add(new Paragraph(FollowUpText.Format(p.Intro, ThaiDates.Long(programme.AsOf, t.Language))) { FirstLineIndent = 36, SpaceAfter = 6 });
        if (programme.Indicators.Count > 0)
        {
            Indicators(b, report, p, programme.Indicators);
        }
        if (programme.Contracts.Count > 0)
        {
            Contracts(b, report, t, p, programme.Contracts);
        }
        if (programme.Offices.Count > 0)
        {
            Offices(b, p, programme);
        }
        if (programme.Agencies.Count > 0)
        {
            Exchange(b, p, programme);
        }
    }

    // ------------------------------------------------------------------ indicators

    private static void Indicators(DocumentBuilder b, FollowUpReport report, ProgrammeText p, IReadOnlyList<ProgrammeIndicator> indicators)
    {
        var lang = p.Language;
        b.Add(Caption(p.Indicators));
        var rows = new List<TableRow> { Header(p.Indicator, p.Baseline, p.Target, p.Current, p.Provenance) };
        foreach (var i in indicators)
        {
            var name = new List<Span>
            {
                new($"{i.Code} ", TextStyle.Strong),
                new(i.Name.For(lang)),
                new($" ({i.Unit.For(lang)})", new TextStyle { Color = Muted }),
            };
            if (i.Recommendations.Count > 0)
            {
                name.Add(new Span($"\n{p.Measures} {string.Join(", ", i.Recommendations)}", new TextStyle { Size = SmallSize, Color = Muted }));
            }
            var baseline = i.Baseline is { } bl ? ValueCell(bl, p) : Cell("–");
            var target = i.Target is { } tv
                ? new TableCell([new Span(Num(tv)), new Span(i.TargetDate is { } td ? "\n" + FollowUpText.Format(p.TargetBy, ThaiDates.Short(td, lang)) : "",
                    new TextStyle { Size = SmallSize, Color = Muted })])
                : new TableCell([new Span(p.NotSet, new TextStyle { Color = Muted })]);
            rows.Add(new TableRow(new TableCell(name), baseline, target, ValueCell(i.Current, p, strong: true), ProvenanceCell(i.Current, p, i.Method)));
        }
        b.Add(StandardTable([ColumnWidth.Relative(1.45f), ColumnWidth.Fixed(66), ColumnWidth.Fixed(66), ColumnWidth.Fixed(66), ColumnWidth.Relative(1.15f)], rows,
            size: SmallSize));
    }

    /// <summary>A value with its period under it.</summary>
    private static TableCell ValueCell(FigureValue f, ProgrammeText p, bool strong = false)
    {
        var spans = new List<Span> { new(f.Display, strong ? TextStyle.Strong : null) };
        if (f.Period is not null)
        {
            spans.Add(new Span($"\n{p.Period} {f.Period}", new TextStyle { Size = 10, Color = Muted }));
        }
        if (f.Synthetic)
        {
            spans.Add(new Span("\n" + p.Synthetic, new TextStyle { Size = 10, Bold = true, Color = Alert }));
        }
        return new TableCell(spans) { Align = TextAlign.Right };
    }

    /// <summary>"แหล่งที่มา {source} · ณ {date} · {freshness}", the note, and the synthetic mark.</summary>
    internal static List<Span> Provenance(FigureValue f, ProgrammeText p, Bilingual? method = null, float size = SmallSize)
    {
        var lang = p.Language;
        var parts = new List<string> { $"{p.Source} {f.Source}" };
        if (f.AsOf is { } asOf)
        {
            parts.Add($"{p.AsOf} {ThaiDates.Short(asOf, lang)}");
        }
        parts.Add(p.FreshnessName(f.Freshness));
        var spans = new List<Span> { new(string.Join(" · ", parts), new TextStyle { Size = size, Color = FreshnessColor(f.Freshness) }) };
        var note = f.Note ?? method;
        if (note is not null && !string.IsNullOrWhiteSpace(note.For(lang)))
        {
            spans.Add(new Span("\n" + note.For(lang), new TextStyle { Size = size - 1, Color = Muted }));
        }
        if (f.Synthetic)
        {
            spans.Add(new Span("\n" + p.Synthetic, new TextStyle { Size = size, Bold = true, Color = Alert }));
        }
        return spans;
    }

    private static TableCell ProvenanceCell(FigureValue f, ProgrammeText p, Bilingual? method = null) => new(Provenance(f, p, method, 10));

    internal static Color FreshnessColor(FigureFreshness f) => f switch
    {
        FigureFreshness.Fresh => FreshColor,
        FigureFreshness.Due => DueColor,
        FigureFreshness.Overdue => OverdueColor,
        FigureFreshness.Delinquent => Alert,
        _ => Muted,
    };

    internal static string Num(double value) => value.ToString("#,##0.##", CultureInfo.InvariantCulture);

    // ------------------------------------------------------------------ contracts

    private static void Contracts(DocumentBuilder b, FollowUpReport report, FollowUpText t, ProgrammeText p, IReadOnlyList<ProgrammeContract> contracts)
    {
        var lang = p.Language;
        b.Add(Caption(p.Contracts));
        foreach (var c in contracts)
        {
            b.Add(new Heading(3, [new Span(c.Title.For(lang))]) { Style = new TextStyle { Size = TableSize } });
            var items = new List<DefinitionItem>
            {
                new(p.Unit, UnitLabel(report, c.Unit, lang)),
                new([new Span(p.ContractValue)], ValueSpans(c.Value, p, p.Baht)),
                new([new Span(p.Fines)], Fines(c, p)),
            };
            if (c.Status is { } status)
            {
                items.Add(new DefinitionItem(p.Status, status.For(lang)));
            }
            var open = c.Blockers.Where(x => x.Open).ToArray();
            items.Add(new DefinitionItem([new Span(p.OpenBlockers)], open.Length == 0
                ? [new Span(p.NoOpenBlockers)]
                : open.Select((x, i) => new Span((i > 0 ? "\n" : "") + $"{i + 1}) {x.Reason.For(lang)}"
                    + (x.Since is { } since ? " (" + FollowUpText.Format(p.Since, ThaiDates.Short(since, lang)) + ")" : ""),
                    new TextStyle { Color = Alert })).ToList()));
            if (c.LinkedRecommendations.Count > 0)
            {
                items.Add(new DefinitionItem(p.Linked, string.Join(", ", c.LinkedRecommendations)));
            }
            b.Add(new DefinitionList(items) { TermWidthFraction = 0.3f, SpaceAfter = 4, TermStyle = new TextStyle { Size = TableSize, Bold = true } });

            var rows = new List<TableRow> { Header(p.Milestone, p.PlannedBaseline, p.PlannedCurrent, p.Delivered, p.DaysLate, p.Fine) };
            foreach (var m in c.Milestones)
            {
                var deliverable = new List<Span>
                {
                    new(m.Deliverable.For(lang)),
                    new($"\n{p.MilestoneName(m.State)}", new TextStyle { Size = 10, Bold = true, Color = m.State is MilestoneProgress.Late or MilestoneProgress.DeliveredLate ? Alert : Muted }),
                };
                deliverable.AddRange(Provenance(m.Dates, p, size: 10).Select((s, i) => i == 0 ? s with { Text = "\n" + s.Text } : s));
                rows.Add(new TableRow(
                    new TableCell(deliverable),
                    DateCell(m.PlannedDate, p),
                    DateCell(m.CurrentPlannedDate, p),
                    DateCell(m.DeliveredOn, p, m.State == MilestoneProgress.Late ? "–" : null),
                    FigureCell(m.DaysLate, p, m.DaysLate.Value is > 0 ? Alert : null),
                    FigureCell(m.FineAccrued, p, m.FineAccrued.Value is > 0 ? Alert : null)));
            }
            b.Add(StandardTable([ColumnWidth.Relative(1), ColumnWidth.Fixed(64), ColumnWidth.Fixed(64), ColumnWidth.Fixed(64), ColumnWidth.Fixed(48), ColumnWidth.Fixed(64)],
                rows, size: SmallSize));
        }
    }

    private static List<Span> ValueSpans(FigureValue f, ProgrammeText p, string unit)
    {
        var spans = new List<Span> { new(f.Value is null ? p.NotGiven : $"{f.Display} {unit}", TextStyle.Strong), new(" ") };
        spans.AddRange(Provenance(f, p, size: 11).Select((s, i) => i == 0 ? s with { Text = "(" + s.Text + ")" } : s));
        return spans;
    }

    private static List<Span> Fines(ProgrammeContract c, ProgrammeText p)
    {
        var lang = p.Language;
        if (c.FinesAccrued.Value is not { } fines || c.FinesShareOfValue.Value is not { } share)
        {
            var unknown = new List<Span> { new(p.FinesUnknown) };
            unknown.AddRange(Provenance(c.FinesAccrued, p, size: 11).Select((s, i) => i == 0 ? s with { Text = "\n" + s.Text } : s));
            return unknown;
        }
        var past = c.TerminationReviewFlaggedOn is not null || share > 10;
        var spans = new List<Span>
        {
            new(FollowUpText.Format(p.FinesLine, Num(fines), Num(share)), TextStyle.Strong),
            new("\n" + (past ? FollowUpText.Format(p.FinesPast, c.TerminationReviewFlaggedOn is { } on ? ThaiDates.Short(on, lang) : "–") : p.FinesBelow),
                new TextStyle { Bold = past, Color = past ? Alert : FreshColor }),
        };
        spans.AddRange(Provenance(c.FinesAccrued, p, size: 11).Select((s, i) => i == 0 ? s with { Text = "\n" + s.Text } : s));
        return spans;
    }

    private static TableCell DateCell(DateOnly? date, ProgrammeText p, string? none = null) =>
        date is { } d ? Cell(ThaiDates.Short(d, p.Language)) : new TableCell([new Span(none ?? p.NotGiven, new TextStyle { Color = Muted })]);

    private static TableCell FigureCell(FigureValue f, ProgrammeText p, Color? color)
    {
        if (f.Value is null)
        {
            return new TableCell([new Span(p.NotGiven, new TextStyle { Color = Muted })]) { Align = TextAlign.Right };
        }
        var spans = new List<Span> { new(f.Display, color is { } c ? new TextStyle { Bold = true, Color = c } : null) };
        if (f.Synthetic)
        {
            spans.Add(new Span("\n" + p.Synthetic, new TextStyle { Size = 9, Bold = true, Color = Alert }));
        }
        return new TableCell(spans) { Align = TextAlign.Right };
    }

    // ------------------------------------------------------------------ provinces by region

    private static void Offices(DocumentBuilder b, ProgrammeText p, ProgrammeSection programme)
    {
        var lang = p.Language;
        b.Add(Caption(p.Offices));
        var rows = new List<TableRow> { Header(p.Region, p.OfficeCount, p.LbdaRate, p.Coverage, p.RecordFreshness, p.Provenance) };
        foreach (var r in ProgrammeRegions.From(programme.Offices))
        {
            var row = new TableRow(
                Cell(p.RegionName(r.Region)),
                Number((long)r.Offices),
                RateCell(r.LbdaRegistrationRate, p),
                RateCell(r.InformalCoverage, p),
                RateCell(r.RecordFreshness, p),
                new TableCell(RowProvenance(r, p)));
            rows.Add(r.Region is null ? TotalRow([.. row.Cells]) : row);
        }
        b.Add(StandardTable([ColumnWidth.Relative(1), ColumnWidth.Fixed(46), ColumnWidth.Fixed(62), ColumnWidth.Fixed(70), ColumnWidth.Fixed(66), ColumnWidth.Relative(1.25f)],
            rows, size: SmallSize));
        b.Add(new Paragraph([new Span(p.RegionNote, new TextStyle { Color = Muted })]) { Style = new TextStyle { Size = SmallSize }, SpaceAfter = 4 });
        ReportFigures(b, p, programme.OfficeReportFigures);
    }

    private static TableCell RateCell(FigureValue f, ProgrammeText p)
    {
        var spans = new List<Span> { new(f.Display) };
        if (f.Synthetic)
        {
            spans.Add(new Span("\n" + p.Synthetic, new TextStyle { Size = 9, Bold = true, Color = Alert }));
        }
        return new TableCell(spans) { Align = TextAlign.Right };
    }

    /// <summary>The sources of a region's three rates, their oldest as-of date, their least current state; synthetic when any is.</summary>
    private static List<Span> RowProvenance(RegionSummary r, ProgrammeText p)
    {
        var lang = p.Language;
        var figures = r.Figures.Where(f => f.Value is not null).ToArray();
        if (figures.Length == 0)
        {
            return [new Span(p.NotGiven, new TextStyle { Size = 10, Color = Muted })];
        }
        var periods = figures.Select(f => f.Period).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var asOf = figures.Select(f => f.AsOf).Where(a => a is not null).DefaultIfEmpty(null).Min();
        var freshness = figures.Max(f => f.Freshness);
        // Computed here from the offices' figures: the inputs' sources, the period, the oldest as-of date, the least current state.
        var parts = new List<string> { $"{p.Source} {string.Join(", ", r.Sources)}" };
        if (periods.Length > 0)
        {
            parts.Add($"{p.Period} {string.Join(", ", periods)}");
        }
        if (asOf is { } d)
        {
            parts.Add($"{p.AsOf} {ThaiDates.Short(d, lang)}");
        }
        parts.Add(p.FreshnessName(freshness));
        var spans = new List<Span> { new(string.Join(" · ", parts), new TextStyle { Size = 10, Color = FreshnessColor(freshness) }) };
        if (figures.Any(f => f.Synthetic))
        {
            spans.Add(new Span("\n" + p.Synthetic, new TextStyle { Size = 10, Bold = true, Color = Alert }));
        }
        return spans;
    }

    private static void ReportFigures(DocumentBuilder b, ProgrammeText p, IReadOnlyList<ReportFigure> figures)
    {
        if (figures.Count == 0)
        {
            return;
        }
        var lang = p.Language;
        var items = figures.Select(f =>
        {
            var spans = new List<Span> { new($"{f.Figure.Display} {f.Unit.For(lang)} ", TextStyle.Strong) };
            spans.AddRange(Provenance(f.Figure, p, size: 11).Select((s, i) => i == 0 ? s with { Text = "(" + s.Text + ")" } : s));
            return new DefinitionItem([new Span(f.Label.For(lang))], spans);
        }).ToList();
        b.Add(new KeepTogether([
            new Heading(3, p.ReportFigures) { Style = new TextStyle { Size = TableSize } },
            new DefinitionList(items) { TermWidthFraction = 0.5f, SpaceAfter = 8, TermStyle = new TextStyle { Size = TableSize } },
        ]));
    }

    // ------------------------------------------------------------------ data exchange

    private static void Exchange(DocumentBuilder b, ProgrammeText p, ProgrammeSection programme)
    {
        var lang = p.Language;
        var t = FollowUpText.For(lang);
        b.Add(Caption(p.Exchange));
        var rows = new List<TableRow> { Header(p.AgencyDataset, p.Mode, p.LinkStatus, p.Frequency, p.LastUpdate, p.Freshness) };
        foreach (var a in programme.Agencies)
        {
            var name = new List<Span> { new(a.Name.For(lang), TextStyle.Strong) };
            name.Add(new Span($"\n{p.Source} {a.Source}", new TextStyle { Size = 9, Color = Muted }));
            if (a.Synthetic)
            {
                name.Add(new Span("\n" + p.Synthetic, new TextStyle { Size = 9, Bold = true, Color = Alert }));
            }
            rows.Add(new TableRow(
                new TableCell(name),
                Cell(a.Mode is null ? p.NotGiven : t.LinkageName(a.Mode) ?? a.Mode),
                Cell(a.Status is null ? p.NotGiven : t.LinkageName(a.Status) ?? a.Status),
                new TableCell([new Span(a.Datasets.Count == 0 ? p.NoDatasets : FollowUpText.Format(p.Datasets, a.Datasets.Count), new TextStyle { Color = Muted })]) { ColSpan = 3 })
            { Background = TileBackground });
            foreach (var d in a.Datasets)
            {
                var dataset = new List<Span>
                {
                    new(d.Name.For(lang)),
                    new($"\n{(d.RecordLevel ? p.RecordLevel : p.Aggregate)} · {p.Source} {d.LastUpdate.Source}", new TextStyle { Size = 9, Color = Muted }),
                };
                if (d.Synthetic)
                {
                    dataset.Add(new Span("\n" + p.Synthetic, new TextStyle { Size = 9, Bold = true, Color = Alert }));
                }
                var updated = d.LastUpdateDate is { } u
                    ? new TableCell([new Span(ThaiDates.Short(u, lang)), new Span(d.LastUpdate.AsOf is { } asOf ? $"\n{p.AsOf} {ThaiDates.Short(asOf, lang)}" : "", new TextStyle { Size = 9, Color = Muted })])
                    : new TableCell([new Span(p.NotGiven, new TextStyle { Color = Muted })]);
                rows.Add(new TableRow(
                    new TableCell([new Paragraph(dataset) { LeftIndent = 10, SpaceAfter = 0 }]) { ColSpan = 3 },
                    Cell(d.Frequency.For(lang)),
                    updated,
                    new TableCell([new Span(p.FreshnessName(d.Freshness), new TextStyle { Bold = true, Color = FreshnessColor(d.Freshness) })])));
            }
        }
        b.Add(StandardTable([ColumnWidth.Relative(1), ColumnWidth.Fixed(70), ColumnWidth.Fixed(66), ColumnWidth.Fixed(52), ColumnWidth.Fixed(58), ColumnWidth.Fixed(60)],
            rows, size: SmallSize) with { StripeBackground = null });

        // Counts by state: real and synthetic datasets apart, never added together.
        var datasets = programme.Agencies.SelectMany(a => a.Datasets).ToArray();
        foreach (var (label, set) in new[] { (p.RealDatasets, datasets.Where(d => !d.Synthetic).ToArray()), (p.SyntheticDatasets, datasets.Where(d => d.Synthetic).ToArray()) })
        {
            if (set.Length == 0)
            {
                continue;
            }
            int Count(FigureFreshness f) => set.Count(d => d.Freshness == f);
            b.Add(new Paragraph(FollowUpText.Format(p.FreshnessSummary, label, set.Length, Count(FigureFreshness.Fresh), Count(FigureFreshness.Due),
                Count(FigureFreshness.Overdue), Count(FigureFreshness.Delinquent), Count(FigureFreshness.Unknown)))
            { Style = new TextStyle { Size = SmallSize }, SpaceAfter = 2 });
        }
        b.Spacer(4);
        ReportFigures(b, p, programme.ExchangeReportFigures);
    }

    // ------------------------------------------------------------------ executive summary tiles

    /// <summary>The indicators as tiles, three to a row: name, current value, baseline and target, provenance.</summary>
    public static void Tiles(DocumentBuilder b, FollowUpReport report, FollowUpText t)
    {
        var p = ProgrammeText.For(t.Language);
        var indicators = report.Programme?.Indicators ?? [];
        if (indicators.Count == 0)
        {
            return;
        }
        var lang = t.Language;
        var cells = indicators.Select(i =>
        {
            var value = i.Current.Value is null ? "–" : $"{i.Current.Display} {i.Unit.For(lang)}";
            var baseline = i.Baseline?.Value is { } bv ? Num(bv) : "–";
            var target = i.Target is { } tv ? Num(tv) : p.NotSet;
            var parts = new List<string> { $"{p.Source} {i.Current.Source}" };
            if (i.Current.AsOf is { } asOf)
            {
                parts.Add($"{p.AsOf} {ThaiDates.Short(asOf, lang)}");
            }
            parts.Add(p.FreshnessName(i.Current.Freshness));
            var blocks = new List<Block>
            {
                new Paragraph([new Span(i.Name.For(lang), TextStyle.Strong)]) { Style = new TextStyle { Size = 10 }, SpaceAfter = 0 },
                new Paragraph([new Span(value, new TextStyle { Size = 15, Bold = true, Color = i.Current.Synthetic ? Alert : null })]) { SpaceAfter = 0, ShrinkToFit = true },
                new Paragraph([new Span(FollowUpText.Format(p.TileBaselineTarget, baseline, target), new TextStyle { Color = Muted })]) { Style = new TextStyle { Size = 9 }, SpaceAfter = 0 },
                new Paragraph([new Span(string.Join(" · ", parts), new TextStyle { Color = FreshnessColor(i.Current.Freshness) })]) { Style = new TextStyle { Size = 8.5f }, SpaceAfter = 0 },
            };
            if (i.Current.Synthetic)
            {
                blocks.Add(new Paragraph([new Span(p.Synthetic, new TextStyle { Bold = true, Color = Alert })]) { Style = new TextStyle { Size = 8.5f }, SpaceAfter = 0 });
            }
            return new TableCell(blocks) { Background = TileBackground };
        }).ToList();
        var rows = new List<TableRow>();
        for (var k = 0; k < cells.Count; k += 3)
        {
            rows.Add(new TableRow(cells.Skip(k).Take(3)));
        }
        b.Add(Caption(p.Tiles));
        b.Add(new Table(Enumerable.Repeat(ColumnWidth.Relative(1), 3), rows)
        {
            HeaderRows = 0,
            BorderWidth = 1.5f,
            BorderColor = Color.White,
            HeaderBackground = null,
            HeaderStyle = null,
            CellPadding = 3,
            RowSplit = RowSplitMode.Avoid,
            SpaceAfter = 6,
        });
    }
}
