using System.Text.RegularExpressions;
using Oversight.Reports.FollowUp;

namespace Oversight.Reports.Tests.FollowUp;

/// <summary>The follow-up report composers, on a model built in the test (no cluster).</summary>
public sealed class FollowUpComposerTests
{
    private static readonly Lazy<(byte[] Pdf, int Pages, string Path)> ThaiFull = new(() =>
    {
        using var ms = new MemoryStream();
        var pages = PdfRenderer.Render(FollowUpComposer.Compose(FollowUpSamples.Build()), ms, null);
        var pdf = ms.ToArray();
        return (pdf, pages, PdfTools.SaveArtifact("follow-up-th.pdf", pdf));
    });

    private static string Joined(string text) => text.Replace("\n", "", StringComparison.Ordinal);

    /// <summary>Text in content order (PdfPig, honouring /ActualText), whitespace removed: table cells stay contiguous.</summary>
    private static string Flat(byte[] pdf) => PdfTools.StripWhitespace(string.Concat(PdfTools.PdfPigActualTextPages(pdf)));

    /// <summary>pdftotext pages without the running header and footer lines.</summary>
    private static string Body(IEnumerable<string> pages) => string.Join("\n", pages.Select(p => string.Join("\n", p.Split('\n').Where(line =>
        line != "รายงานผลการติดตามการดำเนินการตามข้อเสนอแนะ" && !line.StartsWith("ข้อมูล ณ วันที่ ", StringComparison.Ordinal)
        && !Regex.IsMatch(line, "^หน้า \\d+ / \\d+$")))));

    [Fact]
    public void Thai_full_report_has_the_cover_summary_details_indicator_notice_and_annex_with_exact_thai_text()
    {
        var (_, pageCount, path) = ThaiFull.Value;
        var pages = PdfTools.PdfToTextPages(path);
        Assert.Equal(pageCount, pages.Length);
        var (_, info, _) = PdfTools.Run("pdfinfo", path);
        Assert.Matches($"Pages:\\s+{pageCount}\\b", info);

        // Cover: title, auditee, auditor, fiscal years, as-of date in B.E.
        var cover = pages[0];
        Assert.Contains("รายงานผลการติดตามการดำเนินการตามข้อเสนอแนะ", cover);
        Assert.Contains(FollowUpSamples.OpsName, cover);
        Assert.Contains("สำนักงานการตรวจเงินแผ่นดิน", cover);
        Assert.Contains("พ.ศ. 2563–2565", cover);
        Assert.Contains(FollowUpSamples.AsOfThai, cover);
        Assert.Contains("29 มีนาคม 2567", cover);

        var all = string.Join("\n", pages);
        var joined = Joined(all);
        var flat = Flat(ThaiFull.Value.Pdf);
        // Summary by status with overdue counts; section labels in official Thai.
        foreach (var label in new[] { "สรุปผลการติดตาม", "จำนวนข้อเสนอแนะจำแนกตามสถานะ", "อยู่ระหว่างดำเนินการ", "ปิด: ดำเนินการแล้ว", "เกินกำหนด",
                     "ข้อตรวจพบที่ 1", "ข้อสังเกตที่ 1", "ข้อเสนอแนะ F1-R1.1", "หน่วยงานรับผิดชอบ", "ผลการตอบรับ", "สถานะ", "แผนการดำเนินการ", "หลักฐาน",
                     "การขยายระยะเวลา", "ผลการตรวจสอบยืนยัน", "ภาคผนวก ประวัติการเปลี่ยนแปลง", "ผลการตรวจสอบความถูกต้องของห่วงโซ่ประวัติ" })
        {
            Assert.Contains(label, all);
        }
        // Unit names, recommendation text, evidence (name, SHA-256), extension, verification note: exact.
        Assert.Contains(FollowUpSamples.IctName, all);
        Assert.Contains(FollowUpSamples.JscName, all);
        Assert.Contains(FollowUpSamples.R11Text, joined);
        Assert.Contains(FollowUpSamples.EvidenceName, all);
        Assert.Contains("SHA-256 " + FollowUpSamples.EvidenceSha, all);
        Assert.Contains(PdfTools.StripWhitespace(FollowUpSamples.ExtensionReason), flat);
        Assert.Contains(PdfTools.StripWhitespace(FollowUpSamples.VerificationNote), flat);
        Assert.Contains("เห็นด้วย", all);
        // No programme linked to this model: said in so many words.
        Assert.Contains("ยังไม่มีตัวชี้วัดหรือสัญญาของแผนงานที่เชื่อมโยงกับข้อเสนอแนะของรายงานการตรวจสอบฉบับนี้", joined);
        // The chain verification result.
        Assert.Contains("ห่วงโซ่ประวัติครบถ้วนถูกต้อง", joined);
        // The generation time is nowhere in the content (the as-of date is the only date of the document itself).
        Assert.DoesNotContain(DateTime.Now.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) + ":", all);
    }

    [Fact]
    public void Every_font_is_embedded_and_qpdf_check_is_clean_and_page_one_is_saved_as_png()
    {
        var (_, _, path) = ThaiFull.Value;
        var (code, fonts, stderr) = PdfTools.Run("pdffonts", path);
        Assert.True(code == 0, stderr);
        var rows = fonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToArray();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var cols = Regex.Split(row.Trim(), "\\s+");
            Assert.True(cols[^5] == "yes", $"font not embedded: {row}");
        }

        var (qcode, qout, qerr) = PdfTools.Run("qpdf", "--check", path);
        Assert.True(qcode == 0, qout + qerr);
        Assert.Contains("No syntax or stream encoding errors", qout);
        Assert.DoesNotContain("WARNING", qout + qerr, StringComparison.OrdinalIgnoreCase);

        var prefix = Path.Combine(PdfTools.ArtifactsDir, "follow-up-th-page1");
        var (pcode, _, perr) = PdfTools.Run("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", path, prefix);
        Assert.True(pcode == 0, perr);
        Assert.True(new FileInfo(prefix + ".png").Length > 10_000);
    }

    [Fact]
    public void A_long_recommendation_splits_across_pages_with_nothing_lost_or_repeated()
    {
        var pages = PdfTools.PdfToTextPages(ThaiFull.Value.Path);
        var first = pages.ToList().FindIndex(p => p.Contains("(01) ให้ศูนย์", StringComparison.Ordinal));
        var last = pages.ToList().FindIndex(p => p.Contains("(70) ให้ศูนย์", StringComparison.Ordinal));
        Assert.True(first >= 0 && last > first, $"the long text should start on one page and end on a later one (first {first}, last {last})");
        var all = string.Join("\n", pages);
        var previous = -1;
        for (var i = 1; i <= 70; i++)
        {
            var marker = $"({i:D2}) ";
            Assert.Equal(1, PdfTools.CountOccurrences(all, marker));
            var at = all.IndexOf(marker, StringComparison.Ordinal);
            Assert.True(at > previous, $"{marker} out of order");
            previous = at;
        }
        Assert.Equal(1, PdfTools.CountOccurrences(PdfTools.StripWhitespace(Body(pages)), PdfTools.StripWhitespace(FollowUpSamples.LongText)));
    }

    [Fact]
    public void A_200_row_history_splits_across_pages_with_the_table_header_repeated_and_every_row_once_in_order()
    {
        var pages = PdfTools.PdfToTextPages(ThaiFull.Value.Path);
        var hashes = Enumerable.Range(1, 200).Select(i => FollowUpSamples.Hash("F1-R4", i)[..16]).ToArray();
        // Pages with history rows (the chain section after the annex lists each chain's head hash in full: not a history row).
        static string BeforeChainSection(string page) => page.IndexOf("ผลการตรวจสอบความถูกต้องของห่วงโซ่ประวัติ", StringComparison.Ordinal) is var at and >= 0 ? page[..at] : page;
        var historyPages = pages.Select(BeforeChainSection).Where(p => hashes.Any(h => p.Contains(h, StringComparison.Ordinal))).ToList();
        Assert.True(historyPages.Count >= 4, $"200 rows should take several pages, got {historyPages.Count}");
        foreach (var page in historyPages)
        {
            Assert.Contains("ลำดับ", page);
            Assert.Contains("ผู้ดำเนินการ", page);
            Assert.Contains("ค่าแฮช", page);
        }
        // Order and counts in drawing order (PdfPig with /ActualText): pdftotext's reading order across a row's cells
        // depends on how many lines each cell wraps to.
        var all = string.Join("\n", PdfTools.PdfPigActualTextPages(ThaiFull.Value.Pdf));
        var chainSection = all.IndexOf("ผลการตรวจสอบความถูกต้องของห่วงโซ่ประวัติ", StringComparison.Ordinal);
        Assert.True(chainSection > 0);
        // The chain head (last link, full hash) is listed in the verification section.
        Assert.Contains(FollowUpSamples.Hash("F1-R4", 200), all[chainSection..]);
        all = all[..chainSection];
        var previous = -1;
        foreach (var h in hashes)
        {
            Assert.Equal(1, PdfTools.CountOccurrences(all, h));
            var at = all.IndexOf(h, StringComparison.Ordinal);
            Assert.True(at > previous, $"history row {h} out of order");
            previous = at;
        }

        // PdfPig, reading /ActualText, agrees on the page count and finds the header on each history page.
        var pig = PdfTools.PdfPigActualTextPages(ThaiFull.Value.Pdf);
        Assert.Equal(pages.Length, pig.Length);
    }

    [Fact]
    public void Same_model_and_as_of_give_identical_bytes_with_an_as_of_based_creation_date()
    {
        var a = PdfRenderer.RenderToBytes(FollowUpComposer.Compose(FollowUpSamples.Build(20)));
        var b = PdfRenderer.RenderToBytes(FollowUpComposer.Compose(FollowUpSamples.Build(20)));
        Assert.Equal(a, b);
        var path = PdfTools.SaveArtifact("follow-up-determinism.pdf", a);
        var (_, info, _) = PdfTools.Run("pdfinfo", "-isodates", path);
        Assert.Matches("CreationDate:\\s+2026-11-2[34]T", info); // midnight of 24 Nov 2026 in Thailand (17:00Z on the 23rd)
    }

    [Fact]
    public void English_report_uses_common_era_dates_and_english_labels()
    {
        var pdf = PdfRenderer.RenderToBytes(FollowUpComposer.Compose(FollowUpSamples.Build(5), ReportLanguage.English));
        var path = PdfTools.SaveArtifact("follow-up-en.pdf", pdf);
        var text = PdfTools.PdfToText(path);
        var flat = Flat(pdf);
        Assert.Contains("Report on the Follow-up of Audit Recommendations", text);
        Assert.Contains(FollowUpSamples.AsOfEnglish, text);
        Assert.Contains("2020–2022 (B.E. 2563–2565)", text);
        Assert.Contains(PdfTools.StripWhitespace("Information and Communication Technology Centre"), flat);
        Assert.Contains(PdfTools.StripWhitespace("No programme indicator or contract is linked to this audit report's recommendations."), flat);
        Assert.DoesNotContain(FollowUpSamples.AsOfThai, text);
        Assert.DoesNotContain("พฤศจิกายน", text);
    }

    [Fact]
    public void Unit_report_holds_only_that_units_recommendations()
    {
        var pdf = PdfRenderer.RenderToBytes(FollowUpComposer.ComposeForUnit(FollowUpSamples.Build(5), "JSC"));
        var path = PdfTools.SaveArtifact("follow-up-unit-jsc.pdf", pdf);
        var text = Joined(PdfTools.PdfToText(path));
        Assert.Contains("สำหรับหน่วยงาน " + FollowUpSamples.JscName, text);
        Assert.Contains("ข้อเสนอแนะ O1-R2", text);
        Assert.DoesNotContain("ข้อเสนอแนะ F1-R1.1", text);
        Assert.DoesNotContain(FollowUpSamples.R11Text, text);
    }

    [Fact]
    public void Executive_summary_fits_on_one_or_two_pages_with_charts_and_the_overdue_list()
    {
        using var ms = new MemoryStream();
        var pages = PdfRenderer.Render(ExecutiveSummaryComposer.Compose(FollowUpSamples.Build()), ms, null);
        var path = PdfTools.SaveArtifact("executive-summary-th.pdf", ms.ToArray());
        Assert.InRange(pages, 1, 2);
        var text = PdfTools.PdfToText(path);
        Assert.Contains("สรุปสำหรับผู้บริหาร", text);
        Assert.Contains("สถานะของข้อเสนอแนะ", text);                 // donut title
        Assert.Contains("ข้อเสนอแนะจำแนกตามหน่วยงานรับผิดชอบ", text); // bar chart title
        Assert.Contains("ข้อเสนอแนะที่เกินกำหนด", text);
        Assert.Contains("F1-R4", text);
        Assert.Contains(FollowUpSamples.AsOfThai, text);
        var prefix = Path.Combine(PdfTools.ArtifactsDir, "executive-summary-th-page1");
        Assert.Equal(0, PdfTools.Run("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", path, prefix).ExitCode);
    }

    [Fact]
    public void Thai_dates_are_buddhist_era_and_english_dates_common_era()
    {
        var d = new DateOnly(2026, 11, 24);
        Assert.Equal("24 พฤศจิกายน 2569", ThaiDates.Long(d, ReportLanguage.Thai));
        Assert.Equal("24 พ.ย. 2569", ThaiDates.Short(d, ReportLanguage.Thai));
        Assert.Equal("24 November 2026", ThaiDates.Long(d, ReportLanguage.English));
        Assert.Equal("พ.ศ. 2563–2565", ThaiDates.FiscalYears(2563, 2565, ReportLanguage.Thai));
        Assert.Equal("24 พ.ย. 2569 07:00", ThaiDates.DateTime(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), ReportLanguage.Thai));
        Assert.Equal(2569, ThaiDates.BuddhistYear(d));
    }
}
