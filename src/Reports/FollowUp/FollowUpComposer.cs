using System.Globalization;
using Oversight.Reports.Model;

namespace Oversight.Reports.FollowUp;

/// <summary>
/// Turns a <see cref="FollowUpReport"/> into the full follow-up report (and the per-unit report) in the Thai official
/// layout: A4, TH Sarabun-compatible font at 16 pt for the body, Thai official margins, B.E. dates in Thai. The
/// document depends only on the model and the language: the same model gives the same text and, with the as-of based
/// creation date, the same PDF bytes.
/// </summary>
public static class FollowUpComposer
{
    internal const float TableSize = 14f;
    internal const float SmallSize = 12f;
    internal const float HashSize = 10f;
    private const int HashPrefix = 16;

    internal static readonly Color Muted = Color.FromHex("#555555");
    internal static readonly Color Alert = Color.FromHex("#B3261E");
    internal static readonly Color Stripe = Color.FromHex("#F5F7FA");

    /// <summary>The full follow-up report: cover, summary, every finding and recommendation, indicators, history annex.</summary>
    public static Document Compose(FollowUpReport report, ReportLanguage language = ReportLanguage.Thai) => Build(report, language, unit: null);

    /// <summary>The follow-up report of one responsible unit: only the recommendations that name it.</summary>
    public static Document ComposeForUnit(FollowUpReport report, string unitCode, ReportLanguage language = ReportLanguage.Thai)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitCode);
        return Build(report, language, unitCode);
    }

    private static Document Build(FollowUpReport report, ReportLanguage language, string? unit)
    {
        ArgumentNullException.ThrowIfNull(report);
        var t = FollowUpText.For(language);
        var findings = unit is null
            ? report.Findings
            : report.Findings
                .Select(f => f with { Recommendations = f.Recommendations.Where(r => r.Units.Contains(unit)).ToArray() })
                .Where(f => f.Recommendations.Count > 0)
                .ToArray();
        var stats = FollowUpStatistics.From(report.Findings, unit);
        var asOf = ThaiDates.Long(report.AsOf, language);
        var unitName = unit is null ? null : report.UnitName(unit).For(language);

        var b = new DocumentBuilder()
            .Metadata(Metadata(report, t, unitName is null ? t.ReportTitle : $"{t.ReportTitle} {t.UnitReportFor} {unitName}"))
            .Header(new RunningContent
            {
                Left = unit is null ? t.ReportTitle : $"{t.ReportTitle} · {unit}",
                Right = $"{t.AsOf} {asOf}",
                Rule = true,
                SkipFirstPage = true,
            })
            // The cover carries the synthetic-data banner; every later page says it in the footer.
            .Footer(new RunningContent { Left = report.Synthetic ? t.SyntheticMark : null, Center = t.PageFooter, SkipFirstPage = true });

        Cover(b, report, t, unit, unitName);
        Summary(b, report, t, stats, unit);
        Details(b, report, t, findings);
        ProgrammeComposer.Section(b, report, t, unit);
        b.Add(OfficialForm.Signatures(report, t));
        Annex(b, report, t, findings);
        return b.Build();
    }

    internal static DocumentMetadata Metadata(FollowUpReport report, FollowUpText t, string title) => new()
    {
        Title = $"{title}: {report.Title.For(t.Language)}",
        Author = report.Auditor.For(t.Language),
        Subject = $"{report.ReportId} {t.AsOf} {ThaiDates.Long(report.AsOf, t.Language)}",
        Keywords = string.Join(", ", new[]
        {
            report.ReportId,
            report.ReportId + "@" + report.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            report.Checkpoint is { } c ? "checkpoint " + c.Reference : null,
            report.Synthetic ? t.SyntheticMark : null,
        }.OfType<string>()),
        Language = t.Language == ReportLanguage.English ? "en" : "th",
        // Deterministic: the start of the as-of day, never the time of generation.
        Created = ThaiDates.StartOf(report.AsOf),
    };

    // ------------------------------------------------------------------ cover

    private static void Cover(DocumentBuilder b, FollowUpReport report, FollowUpText t, string? unit, string? unitName)
    {
        var lang = t.Language;
        // The official heading: agency, number and date (B.E.), subject, addressee.
        b.AddRange(OfficialForm.Heading(report, t, unit, unitName));
        b.Spacer(12);
        if (report.Synthetic)
        {
            b.Add(TrustBlocks.SyntheticBanner(t));
        }
        b.Add(new Paragraph([new Span(t.ReportTitle)]) { Align = TextAlign.Center, Style = new TextStyle { Size = 20, Bold = true }, SpaceAfter = 6 });
        if (unitName is not null)
        {
            b.Add(new Paragraph($"{t.UnitReportFor} {unitName}") { Align = TextAlign.Center, Style = new TextStyle { Size = 18, Bold = true }, SpaceAfter = 6 });
        }
        b.Add(new Paragraph([new Span(report.Title.For(lang))]) { Align = TextAlign.Center, SpaceAfter = 12 });
        b.Add(new HorizontalRule { Color = Color.FromHex("#1F4E79"), Thickness = 1f, SpaceAfter = 12 });

        var reportDate = ThaiDates.Long(report.ReportDate, lang) + (report.ReportDateProvisional ? " " + t.ReportDateProvisional : "");
        var items = new List<DefinitionItem>
        {
            new(t.Auditee, report.Auditee.For(lang)),
            new(t.AuditorLabel, report.Auditor.For(lang)),
        };
        if (report.Addressee is { } addressee)
        {
            items.Add(new DefinitionItem(t.Addressee, addressee.For(lang)));
        }
        items.Add(new DefinitionItem(t.FiscalYears, ThaiDates.FiscalYears(report.FiscalYearFromBe, report.FiscalYearToBe, lang)));
        items.Add(new DefinitionItem(t.ReportDate, reportDate));
        items.Add(new DefinitionItem(t.ReportId, report.ReportId));
        // The checkpoint right under the as-of date: what the report shows is covered by it.
        items.Add(new DefinitionItem(t.AsOf, ThaiDates.Long(report.AsOf, lang)));
        items.Add(TrustBlocks.CheckpointItem(report.Checkpoint, t));
        var checkpoint = TrustBlocks.CheckpointDetail(report.Checkpoint, t, spaceAfter: 18);
        b.Add(new DefinitionList(items) { TermWidthFraction = 0.42f, SpaceAfter = checkpoint.Count > 0 ? 2 : 18 });
        b.Add(new KeepTogether(checkpoint));
        b.Add(new Paragraph(t.StatusModelNote) { Style = new TextStyle { Size = SmallSize, Color = Muted } });
        b.PageBreak();
    }

    // ------------------------------------------------------------------ summary

    private static void Summary(DocumentBuilder b, FollowUpReport report, FollowUpText t, FollowUpStatistics stats, string? unit)
    {
        var lang = t.Language;
        b.Heading(1, t.SummarySection);
        b.Add(new Paragraph(FollowUpText.Format(t.SummarySentence, ThaiDates.Long(report.AsOf, lang), stats.Total, stats.Closed,
            stats.ClosedPercent.ToString("0.0", CultureInfo.InvariantCulture), stats.Open, stats.Overdue)) { SpaceAfter = 8 });

        b.Add(Caption(t.ByStatus));
        var rows = new List<TableRow> { Header(t.Status, t.Count, t.Overdue, t.Percent) };
        foreach (var s in stats.ByStatus)
        {
            rows.Add(new TableRow(Cell(t.StatusName(s.Status)), Number(s.Count), Number(s.Overdue, s.Overdue > 0 ? Alert : null), Number(Percent(s.Count, stats.Total))));
        }
        if (stats.NotRegistered > 0)
        {
            rows.Add(new TableRow(Cell(t.NotRegistered), Number(stats.NotRegistered), Number("–"), Number("–")));
        }
        rows.Add(TotalRow(Cell(t.Total), Number(stats.Total + stats.NotRegistered), Number(stats.Overdue), Number(stats.Total == 0 ? "–" : "100.0")));
        b.Add(StandardTable([ColumnWidth.Relative(1), ColumnWidth.Fixed(60), ColumnWidth.Fixed(76), ColumnWidth.Fixed(60)], rows));

        b.Add(Caption(t.ByUnit));
        rows = [Header(t.Unit, t.Count, t.Closed, t.Open, t.Overdue)];
        foreach (var u in stats.ByUnit)
        {
            rows.Add(new TableRow(Cell(UnitLabel(report, u.Unit, lang)), Number(u.Total), Number(u.Closed), Number(u.Open), Number(u.Overdue, u.Overdue > 0 ? Alert : null)));
        }
        b.Add(StandardTable([ColumnWidth.Relative(1), ColumnWidth.Fixed(52), ColumnWidth.Fixed(52), ColumnWidth.Fixed(64), ColumnWidth.Fixed(76)], rows));

        if (unit is null)
        {
            b.Add(Caption(t.ByFinding));
            rows = [Header(t.Finding, t.Count, t.Closed, t.Overdue)];
            foreach (var f in stats.ByFinding)
            {
                rows.Add(new TableRow(Cell($"{t.FindingLabel(f.Finding)} ({f.Finding.Code})"), Number(f.Total), Number(f.Closed), Number(f.Overdue, f.Overdue > 0 ? Alert : null)));
            }
            b.Add(StandardTable([ColumnWidth.Relative(1), ColumnWidth.Fixed(60), ColumnWidth.Fixed(60), ColumnWidth.Fixed(76)], rows));
        }
    }

    // ------------------------------------------------------------------ details

    private static void Details(DocumentBuilder b, FollowUpReport report, FollowUpText t, IReadOnlyList<FindingEntry> findings)
    {
        var lang = t.Language;
        b.Heading(1, t.DetailSection, pageBreakBefore: true);
        foreach (var finding in findings)
        {
            b.Add(new Heading(2, $"{t.FindingLabel(finding)} {finding.Title.For(lang)}"));
            if (!string.IsNullOrWhiteSpace(finding.Summary.For(lang)))
            {
                b.Add(new Paragraph(finding.Summary.For(lang)) { FirstLineIndent = 36, SpaceAfter = 6 });
            }
            foreach (var r in finding.Recommendations)
            {
                Recommendation(b, report, t, r);
            }
        }
    }

    private static void Recommendation(DocumentBuilder b, FollowUpReport report, FollowUpText t, RecommendationEntry r)
    {
        var lang = t.Language;
        b.Add(new Heading(3, [new Span($"{t.Recommendation} {r.Code} "), new Span(r.Title.For(lang))]) { Anchor = Anchor(r.Code) });
        b.Add(new Paragraph(r.Text.For(lang)) { FirstLineIndent = r.Depth == 0 ? 36 : 0, LeftIndent = r.Depth * 18f, SpaceAfter = 6 });

        var units = string.Join(", ", r.Units.Select(u => UnitLabel(report, u, lang)));
        if (!r.Registered)
        {
            b.Add(new DefinitionList([new DefinitionItem(t.ResponsibleUnit, units), new DefinitionItem(t.Status, t.NotRegistered)]) { TermWidthFraction = 0.34f });
            return;
        }

        var status = new List<Span> { new(t.StatusName(r.Status)) };
        if (r.Overdue)
        {
            status.Add(new Span($" ({t.Overdue})", new TextStyle { Bold = true, Color = Alert }));
        }
        var response = r.Response is { } resp
            ? new List<Span>
            {
                new(t.ResponseName(resp.Response), TextStyle.Strong),
                new(string.IsNullOrWhiteSpace(resp.Note) ? "" : " " + resp.Note),
                new($" ({t.By} {resp.By} {ThaiDates.DateTime(resp.At, lang)})", new TextStyle { Color = Muted }),
            }
            : [new Span(t.NoResponse)];
        var due = ThaiDates.Long(r.DueDate, lang);
        var items = new List<DefinitionItem>
        {
            new([new Span(t.ResponsibleUnit)], [new Span(units)]),
            new([new Span(t.Response)], response),
            new([new Span(t.Status)], status),
            new(t.Progress, FollowUpText.Format(t.ProgressValue, r.Progress)),
            new(t.DueDate, due),
        };
        if (r.OriginalDueDate != r.DueDate)
        {
            items.Add(new DefinitionItem(t.OriginalDueDate, ThaiDates.Long(r.OriginalDueDate, lang)));
        }
        if (r.UpdatedAt is { } updated)
        {
            items.Add(new DefinitionItem(t.LastUpdate, ThaiDates.DateTime(updated, lang)));
        }
        b.Add(new DefinitionList(items) { TermWidthFraction = 0.34f, SpaceAfter = 6 });

        // Action plan.
        b.Add(SubCaption(t.ActionPlan));
        if (r.Actions.Count == 0)
        {
            b.Add(NoneParagraph(t));
        }
        else
        {
            var rows = new List<TableRow> { Header(t.ActionItem, t.Unit, t.DueDate, t.Status, t.Percent) };
            foreach (var a in r.Actions)
            {
                var statusCell = a.Overdue
                    ? new TableCell([new Span(t.PlanStatusName(a.Status)), new Span($" ({t.Overdue})", new TextStyle { Color = Alert })])
                    : Cell(t.PlanStatusName(a.Status));
                rows.Add(new TableRow(Cell(a.Title), Cell(a.OwnerUnit), Cell(ThaiDates.Short(a.DueDate, lang)), statusCell, Number(a.Progress)));
            }
            b.Add(StandardTable([ColumnWidth.Relative(1), ColumnWidth.Fixed(62), ColumnWidth.Fixed(90), ColumnWidth.Fixed(92), ColumnWidth.Fixed(48)], rows));
        }

        // Evidence: name, date, SHA-256.
        b.Add(SubCaption(t.Evidence));
        if (r.Evidence.Count == 0)
        {
            b.Add(NoneParagraph(t));
        }
        else
        {
            var rows = new List<TableRow> { Header(t.EvidenceFile, t.EvidenceDate) };
            foreach (var e in r.Evidence)
            {
                var spans = new List<Span> { new(e.FileName, TextStyle.Strong) };
                if (e.Withdrawn)
                {
                    spans.Add(new Span($" ({t.Withdrawn}{(string.IsNullOrWhiteSpace(e.WithdrawnReason) ? "" : ": " + e.WithdrawnReason)})", new TextStyle { Color = Alert }));
                }
                if (!string.IsNullOrWhiteSpace(e.Description))
                {
                    spans.Add(new Span("\n" + e.Description));
                }
                spans.Add(new Span("\nSHA-256 " + e.Sha256, new TextStyle { Size = 9, Color = Muted }));
                rows.Add(new TableRow(new TableCell(spans), Cell($"{ThaiDates.Short(ThaiDates.ThaiDate(e.UploadedAt), lang)}\n{t.By} {e.UploadedBy}")));
            }
            b.Add(StandardTable([ColumnWidth.Relative(1), ColumnWidth.Fixed(88)], rows));
        }

        // Extension history.
        b.Add(SubCaption(t.Extensions));
        if (r.Extensions.Count == 0)
        {
            b.Add(NoneParagraph(t));
        }
        else
        {
            var rows = new List<TableRow> { Header(t.RequestedOn, t.DueDate, t.RequestedDueDate, t.Reason, t.Decision) };
            foreach (var x in r.Extensions)
            {
                var decision = new List<Span> { new(t.ExtensionName(x.Status), TextStyle.Strong) };
                if (x.DecidedBy is not null)
                {
                    decision.Add(new Span($"\n{t.By} {x.DecidedBy}" + (x.DecidedAt is { } at ? " " + ThaiDates.Short(ThaiDates.ThaiDate(at), lang) : "")));
                }
                if (!string.IsNullOrWhiteSpace(x.DecisionNote))
                {
                    decision.Add(new Span("\n" + x.DecisionNote));
                }
                rows.Add(new TableRow(
                    Cell($"{ThaiDates.Short(ThaiDates.ThaiDate(x.RequestedAt), lang)}\n{t.By} {x.RequestedBy}"),
                    Cell(ThaiDates.Short(x.DueDateAtRequest, lang)),
                    Cell(ThaiDates.Short(x.RequestedDueDate, lang)),
                    Cell(x.Reason),
                    new TableCell(decision)));
            }
            b.Add(StandardTable([ColumnWidth.Fixed(80), ColumnWidth.Fixed(82), ColumnWidth.Fixed(82), ColumnWidth.Relative(1.2f), ColumnWidth.Relative(1)], rows));
        }

        // The auditor's verification.
        b.Add(SubCaption(t.Verification));
        if (r.Verifications.Count == 0)
        {
            b.Add(NoneParagraph(t));
        }
        else
        {
            foreach (var v in r.Verifications)
            {
                b.Add(new Paragraph([
                    new Span(ThaiDates.DateTime(v.At, lang) + " ", new TextStyle { Color = Muted }),
                    new Span(t.DecisionName(v.Decision), TextStyle.Strong),
                    new Span($" ({t.StatusName(v.StatusBefore)} → {t.StatusName(v.StatusAfter)}; {t.VerificationBy} {v.By})"),
                    new Span(string.IsNullOrWhiteSpace(v.Note) ? "" : ": " + v.Note),
                ]) { Style = new TextStyle { Size = TableSize }, LeftIndent = 12, SpaceAfter = 2 });
            }
        }
        b.Spacer(8);
    }

    // ------------------------------------------------------------------ annex

    private static void Annex(DocumentBuilder b, FollowUpReport report, FollowUpText t, IReadOnlyList<FindingEntry> findings)
    {
        var lang = t.Language;
        b.Heading(1, t.Annex, pageBreakBefore: true);
        b.Add(new Paragraph(t.AnnexIntro) { Style = new TextStyle { Size = TableSize }, SpaceAfter = 6 });
        foreach (var r in findings.SelectMany(f => f.Recommendations))
        {
            b.Add(new Heading(3, $"{t.Recommendation} {r.Code}"));
            if (r.History.Count == 0)
            {
                b.Add(NoneParagraph(t, t.NoHistory));
                continue;
            }
            var rows = new List<TableRow> { Header(t.Seq, t.When, t.Actor, t.Event, t.Hash) };
            foreach (var h in r.History)
            {
                var spans = new List<Span> { new(t.EventName(h.EventType), TextStyle.Strong) };
                foreach (var c in h.Changes)
                {
                    spans.Add(new Span("\n" + FieldLabels.Change(c, lang)));
                }
                if (!string.IsNullOrWhiteSpace(h.Note))
                {
                    spans.Add(new Span("\n" + h.Note, new TextStyle { Color = Muted }));
                }
                rows.Add(new TableRow(
                    Number(h.Seq),
                    Cell(ThaiDates.DateTime(h.At, lang)),
                    Cell(h.Actor),
                    new TableCell(spans),
                    new TableCell([new Span(Prefix(h.Hash), new TextStyle { Size = HashSize })])));
            }
            b.Add(StandardTable([ColumnWidth.Fixed(36), ColumnWidth.Fixed(96), ColumnWidth.Relative(1), ColumnWidth.Relative(2.2f), ColumnWidth.Fixed(104)], rows,
                size: SmallSize));
        }

        b.Heading(2, t.ChainSection);
        ChainVerification(b, report, t, findings);
        b.Add(TrustBlocks.Checkpoint(report.Checkpoint, t));
    }

    private static void ChainVerification(DocumentBuilder b, FollowUpReport report, FollowUpText t, IReadOnlyList<FindingEntry> findings)
    {
        if (report.Verification is not { } v)
        {
            b.Paragraph(t.ChainNotChecked);
            return;
        }
        var sentence = v.Intact
            ? FollowUpText.Format(t.ChainIntact, v.Streams, v.Events)
            : FollowUpText.Format(t.ChainBroken, v.BrokenStream, v.BrokenSeq, v.BrokenReason, v.Streams, v.Events);
        b.Add(new Paragraph([new Span(sentence, new TextStyle { Bold = !v.Intact, Color = v.Intact ? null : Alert })]) { SpaceAfter = 6 });

        var heads = findings.SelectMany(f => f.Recommendations).Where(r => r.History.Count > 0).ToList();
        if (heads.Count > 0)
        {
            b.Add(Caption(t.ChainHead));
            var rows = new List<TableRow> { Header(t.Code, t.Seq, t.Hash) };
            foreach (var r in heads)
            {
                var last = r.History[^1];
                rows.Add(new TableRow(Cell(r.Code), Number(last.Seq),
                    new TableCell([new Paragraph([new Span(last.Hash, new TextStyle { Size = HashSize })]) { ShrinkToFit = true, SpaceAfter = 0 }])));
            }
            b.Add(StandardTable([ColumnWidth.Fixed(70), ColumnWidth.Fixed(40), ColumnWidth.Relative(1)], rows, size: SmallSize));
        }
    }

    internal static string Kebab(string pascal) => string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static string Prefix(string hash) => hash.Length > HashPrefix ? hash[..HashPrefix] : hash;

    private static string Anchor(string code) => "rec-" + code;

    // ------------------------------------------------------------------ building blocks

    internal static string UnitLabel(FollowUpReport report, string code, ReportLanguage lang)
    {
        var name = report.UnitName(code).For(lang);
        return name == code ? code : $"{name} ({code})";
    }

    internal static string Percent(int part, int whole) => whole == 0 ? "–" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A table caption: a level-3 heading, so it stays on the page of the table's first rows.</summary>
    internal static Heading Caption(string text) => new(3, text);

    private static Heading SubCaption(string text) => new(3, text) { Style = new TextStyle { Size = TableSize } };

    private static Paragraph NoneParagraph(FollowUpText t, string? text = null) =>
        new([new Span(text ?? t.None, new TextStyle { Color = Muted })]) { Style = new TextStyle { Size = TableSize }, LeftIndent = 12, SpaceAfter = 2 };

    internal static TableCell Cell(string text) => new(text);

    internal static TableCell Number(long value, Color? color = null) =>
        new([new Span(value.ToString(CultureInfo.InvariantCulture), color is { } c ? new TextStyle { Color = c, Bold = true } : null)]) { Align = TextAlign.Right };

    internal static TableCell Number(string value) => new(value) { Align = TextAlign.Right };

    internal static TableRow Header(params string[] texts) => new(texts.Select(h => new TableCell(h)));

    internal static TableRow TotalRow(params TableCell[] cells) => new(cells.Select(c => c with { Style = TextStyle.Strong })) { Background = Color.LightGray };

    internal static Table StandardTable(IEnumerable<ColumnWidth> columns, IEnumerable<TableRow> rows, float size = TableSize) =>
        new(columns, rows)
        {
            HeaderRows = 1,
            Style = new TextStyle { Size = size },
            StripeBackground = Stripe,
            CellPadding = 3f,
            SpaceAfter = 8,
        };
}
