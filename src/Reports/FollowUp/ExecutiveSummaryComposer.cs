using System.Globalization;
using Oversight.Reports.Charts;
using Oversight.Reports.Model;
using static Oversight.Reports.FollowUp.FollowUpComposer;

namespace Oversight.Reports.FollowUp;

/// <summary>
/// A one- or two-page executive summary of a <see cref="FollowUpReport"/>: key figures, the programme's indicator
/// tiles, a donut of statuses, a bar chart by responsible unit and the overdue (or soon due) recommendations.
/// </summary>
public static class ExecutiveSummaryComposer
{
    /// <summary>Most rows in the overdue / due-soon table (keeps the summary within two pages); a longer list says how many it leaves out (<see cref="ShortList"/>).</summary>
    public const int MaxListedRecommendations = 10;

    private static readonly Color ClosedColor = Color.FromHex("#009E73");
    private static readonly Color OpenColor = Color.FromHex("#1F4E79");
    private static readonly Color OverdueColor = Color.FromHex("#D55E00");

    private static readonly Dictionary<FollowUpStatus, Color> StatusColors = new()
    {
        [FollowUpStatus.NotStarted] = Color.FromHex("#7F7F7F"),
        [FollowUpStatus.InProgress] = Color.FromHex("#1F4E79"),
        [FollowUpStatus.ImplementedPendingVerification] = Color.FromHex("#56B4E9"),
        [FollowUpStatus.ClosedImplemented] = Color.FromHex("#009E73"),
        [FollowUpStatus.ClosedPartlyImplemented] = Color.FromHex("#E69F00"),
        [FollowUpStatus.ClosedNotImplemented] = Color.FromHex("#D55E00"),
        [FollowUpStatus.NoLongerApplicable] = Color.FromHex("#CC79A7"),
    };

    /// <summary>The most pages the summary may take.</summary>
    public const int MaxPages = 2;

    /// <summary>
    /// Composes the summary. The overdue / due-soon table lists at most <see cref="MaxListedRecommendations"/>; when the
    /// indicator tiles and charts leave no room for that many within <see cref="MaxPages"/>, the table lists two fewer
    /// at a time (laid out, not rendered, to check) and says how many it leaves out.
    /// </summary>
    public static Document Compose(FollowUpReport report, ReportLanguage language = ReportLanguage.Thai)
    {
        ArgumentNullException.ThrowIfNull(report);
        for (var listed = MaxListedRecommendations; ; listed -= 2)
        {
            var doc = Compose(report, language, listed);
            if (listed <= 2 || new Layout.DocumentLayouter(new Text.TextLayouter(Text.FontLibrary.Default)).Layout(doc).Count <= MaxPages)
            {
                return doc;
            }
        }
    }

    private static Document Compose(FollowUpReport report, ReportLanguage language, int listed)
    {
        var t = FollowUpText.For(language);
        var lang = language;
        var stats = FollowUpStatistics.From(report.Findings);
        var asOf = ThaiDates.Long(report.AsOf, lang);

        var b = new DocumentBuilder()
            .Metadata(Metadata(report, t, t.ExecutiveTitle))
            .Page(PageSetup.A4Portrait with { Margins = Margins.FromCm(2f, 2f, 2f, 2.5f) })
            .Footer(new RunningContent
            {
                Left = report.Synthetic ? $"{report.ReportId} · {t.SyntheticMark}" : report.ReportId,
                Center = t.PageFooter,
                Right = $"{t.AsOf} {asOf}",
            });

        if (report.Synthetic)
        {
            b.Add(TrustBlocks.SyntheticBanner(t));
        }

        // The official line: issuing agency, document number and date (B.E. in Thai).
        b.Add(OfficialForm.SummaryLine(report, t));
        b.Add(new Paragraph([new Span(t.ExecutiveTitle)]) { Align = TextAlign.Center, Style = new TextStyle { Size = 18, Bold = true }, SpaceAfter = 2 });
        b.Add(new Paragraph(report.Title.For(lang)) { Align = TextAlign.Center, Style = new TextStyle { Size = 14 }, SpaceAfter = 2 });
        b.Add(new Paragraph($"{t.Auditee}: {report.Auditee.For(lang)} · {t.FiscalYears} {ThaiDates.FiscalYears(report.FiscalYearFromBe, report.FiscalYearToBe, lang)} · {t.AsOf} {asOf}")
        { Align = TextAlign.Center, Style = new TextStyle { Size = 14, Color = Muted }, SpaceAfter = 2 });
        // One line under the heading: the checkpoint the summary was made at (the full report explains how to verify it).
        b.Add(TrustBlocks.CheckpointLine(report.Checkpoint, t));

        // Key figures.
        var figures = new Table(Enumerable.Repeat(ColumnWidth.Relative(1), 5),
        [
            Header(t.TotalRecommendations, t.Closed, t.Open, t.Overdue, t.AverageProgress),
            new TableRow(
                Big(stats.Total.ToString(CultureInfo.InvariantCulture)),
                Big($"{stats.Closed} ({stats.ClosedPercent.ToString("0", CultureInfo.InvariantCulture)}%)"),
                Big(stats.Open.ToString(CultureInfo.InvariantCulture)),
                Big(stats.Overdue.ToString(CultureInfo.InvariantCulture), stats.Overdue > 0 ? Alert : null),
                Big(stats.AverageProgress.ToString("0", CultureInfo.InvariantCulture) + "%")),
        ])
        {
            HeaderRows = 1,
            Style = new TextStyle { Size = 13 },
            CellPadding = 4,
            SpaceAfter = 6,
        };
        b.Add(figures);
        b.Add(new Paragraph(FollowUpText.Format(t.SummarySentence, asOf, stats.Total, stats.Closed,
            stats.ClosedPercent.ToString("0.0", CultureInfo.InvariantCulture), stats.Open, stats.Overdue)) { SpaceAfter = 6 });

        // The outcomes: one tile per programme indicator.
        ProgrammeComposer.Tiles(b, report, t);

        // Charts.
        var slices = stats.ByStatus.Where(s => s.Count > 0)
            .Select(s => new ChartSlice(t.StatusName(s.Status), s.Count, StatusColors[s.Status]))
            .ToArray();
        if (slices.Length > 0)
        {
            b.Add(new ChartBlock(new DonutChart(slices)
            {
                Title = t.StatusChart,
                CenterText = stats.Total.ToString(CultureInfo.InvariantCulture),
                FontSize = 11,
            }, 150) { SpaceAfter = 6 });
        }
        if (stats.ByUnit.Count > 0)
        {
            var units = stats.ByUnit;
            var chart = new BarChart(units.Select(u => u.Unit),
            [
                new ChartSeries(t.Closed, units.Select(u => (double)u.Closed)) { Color = ClosedColor },
                new ChartSeries(t.OpenNotOverdue, units.Select(u => (double)(u.Open - u.Overdue))) { Color = OpenColor },
                new ChartSeries(t.Overdue, units.Select(u => (double)u.Overdue)) { Color = OverdueColor },
            ])
            {
                Title = t.UnitChart,
                Orientation = BarOrientation.Horizontal,
                Stacked = true,
                ValueFormat = "0",
                FontSize = 11,
            };
            b.Add(new ChartBlock(chart, Math.Clamp(60 + 22 * units.Count, 140, 240)) { SpaceAfter = 8 });
        }

        // Overdue, else soon due.
        var open = report.Recommendations.Where(r => r.Registered && !r.Status.IsClosed()).ToList();
        var overdue = open.Where(r => r.Overdue).OrderBy(r => r.DueDate).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        if (overdue.Count > 0)
        {
            b.Add(Caption($"{t.OverdueList} ({overdue.Count})"));
            var rows = new List<TableRow> { Header(t.Code, t.Recommendation, t.Unit, t.DueDate, t.DaysOverdue) };
            var (shown, note) = ShortList.Cut(overdue, listed, t);
            foreach (var r in shown)
            {
                rows.Add(new TableRow(Cell(r.Code), Cell(r.Title.For(lang)), Cell(string.Join(", ", r.Units)), Cell(ThaiDates.Short(r.DueDate, lang)),
                    Number(report.AsOf.DayNumber - r.DueDate.DayNumber, Alert)));
            }
            b.Add(StandardTable([ColumnWidth.Fixed(56), ColumnWidth.Relative(1), ColumnWidth.Fixed(64), ColumnWidth.Fixed(74), ColumnWidth.Fixed(56)], rows, size: 12));
            AddNote(b, note);
        }
        else
        {
            var soon = open.Where(r => r.DueDate >= report.AsOf && r.DueDate <= report.AsOf.AddDays(60))
                .OrderBy(r => r.DueDate).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
            b.Add(new Paragraph([new Span(t.NoOverdue, TextStyle.Strong)]) { SpaceAfter = 4 });
            b.Add(Caption(soon.Count > 0 ? $"{t.DueSoonList} ({soon.Count})" : t.NoDueSoon));
            if (soon.Count > 0)
            {
                var rows = new List<TableRow> { Header(t.Code, t.Recommendation, t.Unit, t.DueDate, t.Status) };
                var (shown, note) = ShortList.Cut(soon, listed, t);
                foreach (var r in shown)
                {
                    rows.Add(new TableRow(Cell(r.Code), Cell(r.Title.For(lang)), Cell(string.Join(", ", r.Units)), Cell(ThaiDates.Short(r.DueDate, lang)),
                        Cell(t.StatusName(r.Status))));
                }
                b.Add(StandardTable([ColumnWidth.Fixed(56), ColumnWidth.Relative(1), ColumnWidth.Fixed(64), ColumnWidth.Fixed(74), ColumnWidth.Fixed(90)], rows, size: 12));
                AddNote(b, note);
            }
        }
        b.Add(new Paragraph(t.SeeFullReport) { Style = new TextStyle { Size = 12, Color = Muted } });
        return b.Build();
    }

    private static void AddNote(DocumentBuilder b, Paragraph? note)
    {
        if (note is not null)
        {
            b.Add(note);
        }
    }

    private static TableCell Big(string text, Color? color = null) =>
        new([new Span(text, new TextStyle { Size = 18, Bold = true, Color = color })]) { Align = TextAlign.Center };
}
