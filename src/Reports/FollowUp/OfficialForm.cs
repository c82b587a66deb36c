using System.Globalization;
using Oversight.Reports.Model;
using static Oversight.Reports.FollowUp.FollowUpComposer;

namespace Oversight.Reports.FollowUp;

/// <summary>
/// What makes a report file a Thai government document, in the layout the body already follows (cabinet resolution
/// of 7 Sep 2010: TH Sarabun-compatible type at 16 pt): the issuing agency's name block, the document number (ที่)
/// and date (วันที่) in B.E., the subject (เรื่อง) and addressee (เรียน), and the signature and approval block. No
/// emblem: no openly licensed vector of the Garuda or the agency's emblem is available from a package registry, and
/// none is committed.
/// </summary>
internal static class OfficialForm
{
    /// <summary>Kind codes in the document number.</summary>
    public const string FollowUpKind = "FU";

    /// <summary>Kind code of the executive summary.</summary>
    public const string SummaryKind = "ES";

    /// <summary>
    /// The document number: "{reportId}/{kind}[-{unit}]/{B.E. date as yyyyMMdd}", e.g. "mol-digital-2565/FU-ICT/25691124".
    /// Deterministic (the same report, kind, unit and as-of date give the same number), so the same data and as-of
    /// date still give the same bytes; the generation log in the audit trail records each file made under it.
    /// </summary>
    public static string DocumentNumber(FollowUpReport report, string kind, string? unit) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{report.ReportId}/{kind}{(unit is null ? "" : "-" + unit)}/{ThaiDates.BuddhistYear(report.AsOf):0000}{report.AsOf.Month:00}{report.AsOf.Day:00}");

    /// <summary>The issuing agency (the auditor unless the model names another).</summary>
    public static Bilingual Issuer(FollowUpReport report) => report.Issuer ?? report.Auditor;

    /// <summary>The name block, number and date, subject and addressee at the top of the first page.</summary>
    public static IReadOnlyList<Block> Heading(FollowUpReport report, FollowUpText t, string? unit, string? unitName)
    {
        var p = ProgrammeText.For(t.Language);
        var lang = t.Language;
        var issuer = Issuer(report);
        var other = lang == ReportLanguage.Thai ? issuer.En : issuer.Th;
        var blocks = new List<Block>
        {
            new Paragraph([new Span(issuer.For(lang))]) { Align = TextAlign.Center, Style = new TextStyle { Size = 18, Bold = true }, SpaceAfter = 0 },
        };
        if (!string.IsNullOrWhiteSpace(other) && other != issuer.For(lang))
        {
            blocks.Add(new Paragraph([new Span(other, new TextStyle { Color = Muted })]) { Align = TextAlign.Center, Style = new TextStyle { Size = 14 }, SpaceAfter = 8 });
        }
        blocks.Add(new Table([ColumnWidth.Relative(1.2f), ColumnWidth.Relative(1)],
        [
            new TableRow(
                new TableCell([new Span(p.Number + " ", TextStyle.Strong), new Span(DocumentNumber(report, FollowUpKind, unit))]),
                new TableCell([new Span(p.Date + " ", TextStyle.Strong), new Span(ThaiDates.Long(report.AsOf, lang))]) { Align = TextAlign.Right }),
        ])
        {
            BorderWidth = 0,
            HeaderBackground = null,
            HeaderStyle = null,
            CellPadding = 0,
            SpaceAfter = 4,
        });
        var subject = unitName is null
            ? FollowUpText.Format(p.SubjectText, report.Title.For(lang))
            : FollowUpText.Format(p.SubjectTextUnit, report.Title.For(lang), unitName);
        blocks.Add(Labelled(p.Subject, subject));
        if (report.Addressee is { } addressee)
        {
            blocks.Add(Labelled(p.To, addressee.For(lang)));
        }
        blocks.Add(new HorizontalRule { Color = Color.FromHex("#1F4E79"), Thickness = 0.75f, SpaceAfter = 8 });
        return blocks;
    }

    /// <summary>"เรื่อง  …" with the text hanging under its start.</summary>
    private static Table Labelled(string label, string text) => new([ColumnWidth.Fixed(48), ColumnWidth.Relative(1)],
    [
        new TableRow(new TableCell([new Span(label, TextStyle.Strong)]), new TableCell(text)),
    ])
    {
        BorderWidth = 0,
        HeaderBackground = null,
        HeaderStyle = null,
        CellPadding = 0,
        SpaceAfter = 2,
    };

    /// <summary>One line for the executive summary: agency · number · date.</summary>
    public static Paragraph SummaryLine(FollowUpReport report, FollowUpText t)
    {
        var p = ProgrammeText.For(t.Language);
        return new Paragraph([
            new Span(Issuer(report).For(t.Language), TextStyle.Strong),
            new Span($"  ·  {p.Number} {DocumentNumber(report, SummaryKind, null)}  ·  {p.Date} {ThaiDates.Long(report.AsOf, t.Language)}"),
        ])
        {
            Align = TextAlign.Center,
            Style = new TextStyle { Size = SmallSize },
            ShrinkToFit = true,
            SpaceAfter = 2,
        };
    }

    /// <summary>The certification and approval block: who prepared and who approved, with space to sign, kept on one page.</summary>
    public static KeepTogether Signatures(FollowUpReport report, FollowUpText t)
    {
        var p = ProgrammeText.For(t.Language);
        TableCell Block(string role) => new([
            new Paragraph([new Span(role, TextStyle.Strong)]) { Align = TextAlign.Center, SpaceAfter = 28 },
            new Paragraph(p.SignLine) { Align = TextAlign.Center, SpaceAfter = 2 },
            new Paragraph(p.NameLine) { Align = TextAlign.Center, SpaceAfter = 2 },
            new Paragraph(p.PositionLine) { Align = TextAlign.Center, SpaceAfter = 2 },
            new Paragraph(p.DateLine) { Align = TextAlign.Center, SpaceAfter = 0 },
        ]);
        return new KeepTogether([
            new Heading(2, p.Signatures),
            new Paragraph(FollowUpText.Format(p.SignaturesIntro, ThaiDates.Long(report.AsOf, t.Language))) { FirstLineIndent = 36, SpaceAfter = 10 },
            new Table([ColumnWidth.Relative(1), ColumnWidth.Relative(1)], [new TableRow(Block(p.PreparedBy), Block(p.ApprovedBy))])
            {
                BorderWidth = 0,
                HeaderBackground = null,
                HeaderStyle = null,
                CellPadding = 4,
                RowSplit = RowSplitMode.Avoid,
                SpaceAfter = 8,
            },
        ]);
    }
}
