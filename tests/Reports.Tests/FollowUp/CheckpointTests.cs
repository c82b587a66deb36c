using System.Text.RegularExpressions;
using MiniExcelLibs;
using Oversight.Reports.Excel;
using Oversight.Reports.FollowUp;
using Oversight.Reports.Model;

namespace Oversight.Reports.Tests.FollowUp;

/// <summary>The audit-trail checkpoint and the synthetic-data notice on every file made from a report model.</summary>
public sealed class CheckpointTests
{
    private static readonly string Reference = FollowUpSamples.Checkpoint.Reference;
    private const string VerifyPath = "/api/v1/audit-trail/verify?checkpoint=";

    private static FollowUpReport WithCheckpoint(int history = 5) => FollowUpSamples.Build(history) with { Checkpoint = FollowUpSamples.Checkpoint };

    private static string[] Pages(Document doc, string artifact)
    {
        var path = PdfTools.SaveArtifact(artifact, PdfRenderer.RenderToBytes(doc));
        return PdfTools.PdfToTextPages(path);
    }

    /// <summary>
    /// Each page's text in content order (PdfPig, honouring /ActualText), whitespace removed: a definition's text stays
    /// together even where pdftotext interleaves it with the term column.
    /// </summary>
    private static string[] FlatPages(Document doc) => PdfTools.PdfPigActualTextPages(PdfRenderer.RenderToBytes(doc)).Select(PdfTools.StripWhitespace).ToArray();

    private static string F(string text) => PdfTools.StripWhitespace(text);

    private static string Joined(string text) => text.Replace("\n", "", StringComparison.Ordinal);

    /// <summary>True when one extracted line holds the whole "{sequence}:{hash}" (it did not wrap).</summary>
    private static bool OnOneLine(string text, string reference) => text.Split('\n').Any(line => line.Contains(reference, StringComparison.Ordinal));

    [Fact]
    public void Checkpoint_reference_is_64_hex_digits_after_the_sequence()
    {
        Assert.Matches("^[0-9]{1,18}:[0-9a-f]{64}$", Reference);
        Assert.Equal("987654321012345678:" + FollowUpSamples.Checkpoint.Hash, Reference);
    }

    [Fact]
    public void Thai_full_report_prints_the_checkpoint_unwrapped_near_the_as_of_date_and_in_the_chain_section_with_a_buddhist_era_time()
    {
        var doc = FollowUpComposer.Compose(WithCheckpoint());
        var pages = Pages(doc, "checkpoint-full-th.pdf");
        var flat = FlatPages(doc);
        var cover = pages[0];
        Assert.Contains(FollowUpSamples.AsOfThai, cover);
        Assert.True(OnOneLine(cover, Reference), "the cover must carry the whole {sequence}:{hash} on one line:\n" + cover);
        Assert.Contains(F("จุดตรวจสอบประวัติ บันทึกเมื่อ " + FollowUpSamples.CheckpointThai + " น."), flat[0]);
        Assert.Contains(F(FollowUpText.Thai.CheckpointExplained), flat[0]);
        Assert.Contains(VerifyPath, Joined(cover));
        // Near the as-of date: the checkpoint comes right after it, before the status-model note (the official heading
        // above also carries the date, so the nearest occurrence before the checkpoint is the one that counts).
        var checkpoint = cover.IndexOf(Reference, StringComparison.Ordinal);
        var asOf = cover.LastIndexOf(FollowUpSamples.AsOfThai, Math.Max(checkpoint, 0), StringComparison.Ordinal);
        Assert.InRange(checkpoint - asOf, 1, 400);

        var all = string.Join("\n", pages);
        var chain = all.IndexOf("ผลการตรวจสอบความถูกต้องของห่วงโซ่ประวัติ", StringComparison.Ordinal);
        Assert.True(chain > 0);
        var annex = all[chain..];
        Assert.True(OnOneLine(annex, Reference), "the chain-verification section must carry the whole {sequence}:{hash} on one line:\n" + annex);
        Assert.Contains(VerifyPath, Joined(annex));
        var flatAll = string.Concat(flat);
        var flatAnnex = flatAll[flatAll.IndexOf(F("ผลการตรวจสอบความถูกต้องของห่วงโซ่ประวัติ"), StringComparison.Ordinal)..];
        Assert.Contains(F("จุดตรวจสอบประวัติ บันทึกเมื่อ " + FollowUpSamples.CheckpointThai + " น."), flatAnnex);
        Assert.Contains(F(FollowUpText.Thai.CheckpointExplained), flatAnnex);
    }

    [Fact]
    public void English_full_report_prints_the_checkpoint_with_a_common_era_time()
    {
        var doc = FollowUpComposer.Compose(WithCheckpoint(), ReportLanguage.English);
        var pages = Pages(doc, "checkpoint-full-en.pdf");
        var flat = FlatPages(doc);
        Assert.True(OnOneLine(pages[0], Reference), pages[0]);
        Assert.Contains(F("Audit-trail checkpoint made " + FollowUpSamples.CheckpointEnglish + " (UTC+7)"), flat[0]);
        var all = string.Join("\n", pages);
        var annex = all[all.IndexOf("Verification of the history chains", StringComparison.Ordinal)..];
        Assert.True(OnOneLine(annex, Reference), annex);
        var flatAll = string.Concat(flat);
        var flatAnnex = flatAll[flatAll.IndexOf(F("Verification of the history chains"), StringComparison.Ordinal)..];
        Assert.Contains(F("Audit-trail checkpoint made " + FollowUpSamples.CheckpointEnglish), flatAnnex);
        Assert.Contains(F("GET /api/v1/audit-trail/verify?checkpoint={sequence}:{hash} with it proves later that nothing this checkpoint covers has been removed or changed."), flatAnnex);
        Assert.DoesNotContain(FollowUpSamples.CheckpointThai, all);
    }

    [Fact]
    public void Executive_summary_and_unit_report_print_the_checkpoint_on_their_first_page()
    {
        foreach (var (name, doc, time) in new[]
        {
            ("summary-th", ExecutiveSummaryComposer.Compose(WithCheckpoint()), FollowUpSamples.CheckpointThai),
            ("summary-en", ExecutiveSummaryComposer.Compose(WithCheckpoint(), ReportLanguage.English), FollowUpSamples.CheckpointEnglish),
            ("unit-jsc-th", FollowUpComposer.ComposeForUnit(WithCheckpoint(), "JSC"), FollowUpSamples.CheckpointThai),
        })
        {
            var pages = Pages(doc, $"checkpoint-{name}.pdf");
            Assert.True(OnOneLine(pages[0], Reference), $"{name}: {pages[0]}");
            Assert.Contains(F(time), FlatPages(doc)[0]);
            if (!name.StartsWith("summary", StringComparison.Ordinal))
            {
                Assert.Contains(VerifyPath, Joined(pages[0]));   // the summary prints the checkpoint line only; the reports explain it
            }
        }
        // The unit report has the annex too.
        var unit = string.Join("\n", Pages(FollowUpComposer.ComposeForUnit(WithCheckpoint(), "JSC"), "checkpoint-unit-jsc-th.pdf"));
        Assert.True(OnOneLine(unit[unit.IndexOf("ผลการตรวจสอบความถูกต้องของห่วงโซ่ประวัติ", StringComparison.Ordinal)..], Reference));
    }

    [Fact]
    public void Without_a_checkpoint_every_pdf_says_none_was_available()
    {
        var model = FollowUpSamples.Build(3);
        Assert.Null(model.Checkpoint);
        foreach (var (name, doc, sentence) in new[]
        {
            ("full-th", FollowUpComposer.Compose(model), FollowUpText.Thai.NoCheckpoint),
            ("full-en", FollowUpComposer.Compose(model, ReportLanguage.English), FollowUpText.English.NoCheckpoint),
            ("summary-th", ExecutiveSummaryComposer.Compose(model), FollowUpText.Thai.NoCheckpoint),
            ("unit-jsc-th", FollowUpComposer.ComposeForUnit(model, "JSC"), FollowUpText.Thai.NoCheckpoint),
        })
        {
            var pages = Pages(doc, $"no-checkpoint-{name}.pdf");
            var flat = FlatPages(doc);
            Assert.Contains(F(sentence), flat[0]);
            Assert.DoesNotContain(VerifyPath, Joined(string.Join("", pages)));
            if (!name.StartsWith("summary", StringComparison.Ordinal))
            {
                Assert.Equal(2, PdfTools.CountOccurrences(string.Concat(flat), F(sentence))); // cover and annex
            }
        }
    }

    [Fact]
    public void A_shrink_to_fit_paragraph_keeps_a_hash_on_one_line_even_in_a_narrow_column()
    {
        var reference = Reference;
        var doc = new DocumentBuilder()
            .Add(new Table([ColumnWidth.Fixed(150), ColumnWidth.Relative(1)],
            [
                new TableRow(new TableCell([new Paragraph(reference) { ShrinkToFit = true, SpaceAfter = 0 }]), new TableCell("ค่าแฮช")),
            ]))
            .Add(new Paragraph(reference) { ShrinkToFit = true, Style = new TextStyle { Size = 40 } })
            .Build();
        var text = PdfTools.PdfToText(PdfTools.SaveArtifact("shrink-to-fit.pdf", PdfRenderer.RenderToBytes(doc)));
        Assert.Equal(2, text.Split('\n').Count(line => line.Contains(reference, StringComparison.Ordinal)));
        // Without shrinking, the same text wraps: the test would notice if shrinking stopped working.
        var wrapped = new DocumentBuilder().Add(new Paragraph(reference) { Style = new TextStyle { Size = 40 } }).Build();
        var plain = PdfTools.PdfToText(PdfTools.SaveArtifact("no-shrink.pdf", PdfRenderer.RenderToBytes(wrapped)));
        Assert.DoesNotContain(plain.Split('\n'), line => line.Contains(reference, StringComparison.Ordinal));
    }

    [Fact]
    public void Synthetic_reports_say_so_on_the_cover_and_on_every_page_and_real_ones_never_do()
    {
        var synthetic = WithCheckpoint() with { Synthetic = true };
        foreach (var (name, doc, mark, notice) in new[]
        {
            ("full-th", FollowUpComposer.Compose(synthetic), FollowUpText.Thai.SyntheticMark, FollowUpText.Thai.SyntheticNotice),
            ("full-en", FollowUpComposer.Compose(synthetic, ReportLanguage.English), FollowUpText.English.SyntheticMark, FollowUpText.English.SyntheticNotice),
            ("summary-th", ExecutiveSummaryComposer.Compose(synthetic), FollowUpText.Thai.SyntheticMark, FollowUpText.Thai.SyntheticNotice),
            ("summary-en", ExecutiveSummaryComposer.Compose(synthetic, ReportLanguage.English), FollowUpText.English.SyntheticMark, FollowUpText.English.SyntheticNotice),
            ("unit-ict-th", FollowUpComposer.ComposeForUnit(synthetic, "ICT"), FollowUpText.Thai.SyntheticMark, FollowUpText.Thai.SyntheticNotice),
        })
        {
            var pages = Pages(doc, $"synthetic-{name}.pdf");
            Assert.NotEmpty(pages);
            // The cover (first page) carries the boxed notice; every other page says it in its running footer.
            Assert.Contains(F(notice), F(pages[0]));
            for (var i = 1; i < pages.Length; i++)
            {
                Assert.True(pages[i].Contains(mark, StringComparison.Ordinal), $"{name}: page {i + 1} does not say {mark}");
            }
        }
        foreach (var doc in new[] { FollowUpComposer.Compose(WithCheckpoint()), ExecutiveSummaryComposer.Compose(WithCheckpoint()) })
        {
            var text = string.Join("\n", Pages(doc, "not-synthetic.pdf"));
            Assert.DoesNotContain("ข้อมูลสังเคราะห์", text);
        }
    }

    [Fact]
    public void Register_about_sheet_names_the_report_language_checkpoint_and_synthetic_flag_with_typed_values()
    {
        var model = WithCheckpoint(3) with { Synthetic = true };
        using var th = new MemoryStream(RegisterExporter.ToBytes(model));
        Assert.Equal("ข้อมูลเอกสาร", th.GetSheetNames()[3]);
        var rows = About(th, "ข้อมูลเอกสาร");
        Assert.Equal(
            ["รหัสรายงานในระบบ", "ชื่อรายงานการตรวจสอบ", "ข้อมูล ณ วันที่", "ภาษาของเอกสาร", "ลำดับของจุดตรวจสอบประวัติ", "ค่าแฮชของจุดตรวจสอบประวัติ (SHA-256)",
                "เวลาของจุดตรวจสอบประวัติ (UTC, ISO 8601)", "เป็นข้อมูลสังเคราะห์หรือไม่"],
            rows.Keys);
        Assert.Equal(FollowUpSamples.ReportId, rows["รหัสรายงานในระบบ"]);
        Assert.Equal(model.Title.Th, rows["ชื่อรายงานการตรวจสอบ"]);
        Assert.Equal(new DateTime(2026, 11, 24), rows["ข้อมูล ณ วันที่"]);
        Assert.Equal("ไทย (th)", rows["ภาษาของเอกสาร"]);
        // 18 digits are more than a spreadsheet number holds exactly (15): such a sequence is written as text, digit for digit.
        Assert.Equal("987654321012345678", rows["ลำดับของจุดตรวจสอบประวัติ"]);
        Assert.Equal(FollowUpSamples.Checkpoint.Hash, rows["ค่าแฮชของจุดตรวจสอบประวัติ (SHA-256)"]);
        Assert.Equal("2026-11-24T07:05:00Z", rows["เวลาของจุดตรวจสอบประวัติ (UTC, ISO 8601)"]);
        Assert.StartsWith("ใช่", (string?)rows["เป็นข้อมูลสังเคราะห์หรือไม่"]);
        Assert.Contains("ข้อมูลสังเคราะห์", (string?)rows["เป็นข้อมูลสังเคราะห์หรือไม่"]);

        // An ordinary sequence stays a number.
        using var small = new MemoryStream(RegisterExporter.ToBytes(model with { Checkpoint = FollowUpSamples.Checkpoint with { Sequence = 1234 } }));
        Assert.Equal(1234d, Assert.IsType<double>(About(small, "ข้อมูลเอกสาร")["ลำดับของจุดตรวจสอบประวัติ"]));

        using var en = new MemoryStream(RegisterExporter.ToBytes(FollowUpSamples.Build(3), ReportLanguage.English));
        var english = About(en, "About");
        Assert.Equal("English (en)", english["Language of this file"]);
        Assert.Equal(model.Title.En, english["Audit report title"]);
        Assert.Equal(FollowUpText.English.NoCheckpoint, english["Checkpoint sequence"]);
        Assert.Null(english["Checkpoint hash (SHA-256)"]);
        Assert.Equal("no", english["Synthetic"]);
    }

    private static Dictionary<string, object?> About(Stream xlsx, string sheet)
    {
        var rows = xlsx.Query(useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(rows[0]["A"], sheet == "About" ? "Item" : "หัวข้อ");
        return rows.Skip(1).ToDictionary(r => (string)r["A"]!, r => r["B"] is string { Length: 0 } ? null : r["B"]);
    }
}
