using System.Globalization;
using Oversight.Reports.Model;

namespace Oversight.Reports.Tests;

public sealed class TableTests
{
    private static readonly string[] Statuses = ["ยังไม่เริ่มดำเนินการ", "อยู่ระหว่างดำเนินการ", "ดำเนินการแล้ว รอตรวจสอบ", "ปิด: ดำเนินการแล้ว"];
    private const string HeaderId = "รหัสรายการ";
    private const string HeaderDetail = "รายละเอียดการดำเนินการ";

    internal static Document HistoryDocument(int rows)
    {
        var culture = new CultureInfo("th-TH");
        var body = Enumerable.Range(1, rows).Select(i =>
        {
            var date = new DateTime(2023, 10, 1).AddDays(i * 3);
            var detail = i % 7 == 0
                ? $"รายการที่ {i}: ศูนย์เทคโนโลยีสารสนเทศและการสื่อสารรายงานความคืบหน้าการจัดทำแผนบูรณาการข้อมูลด้านแรงงาน เพื่อเสนอผู้บริหารพิจารณา และประสานหน่วยงานที่เกี่ยวข้อง"
                : $"รายการที่ {i}: ปรับปรุงสถานะข้อเสนอแนะ";
            return new TableRow(
                $"H-{i:D3}",
                date.ToString("d MMM yyyy", culture),
                Statuses[i % Statuses.Length],
                detail);
        });
        return new DocumentBuilder()
            .Metadata(m => m with { Title = "ภาคผนวก ประวัติการดำเนินการ", Created = Samples.Created })
            .Footer(new RunningContent { Center = "หน้า {page} / {pages}" })
            .Heading(1, "ภาคผนวก ข ประวัติการดำเนินการตามข้อเสนอแนะ")
            .Table([ColumnWidth.Auto, ColumnWidth.Fixed(80), ColumnWidth.Relative(1), ColumnWidth.Relative(2)],
                [HeaderId, "วันที่", "สถานะ", HeaderDetail],
                body.Select(r => r.Cells.Select(c => ((Paragraph)c.Content[0]).Spans[0].Text)),
                t => t with { StripeBackground = Color.FromHex("#F6F8FA"), Style = new TextStyle { Size = 14 } })
            .Paragraph("สิ้นสุดภาคผนวก")
            .Build();
    }

    [Fact]
    public void History_table_of_200_rows_repeats_header_on_every_page_and_keeps_every_row_once_in_order()
    {
        var doc = HistoryDocument(200);
        using var ms = new MemoryStream();
        var pageCount = PdfRenderer.Render(doc, ms, null);
        var pdf = ms.ToArray();
        var path = PdfTools.SaveArtifact("history-200.pdf", pdf);
        var pages = PdfTools.PdfToTextPages(path);
        Assert.Equal(pageCount, pages.Length);
        Assert.True(pageCount >= 4, $"expected several pages, got {pageCount}");

        foreach (var (page, index) in pages.Select((p, i) => (p, i)))
        {
            Assert.True(page.Contains(HeaderId, StringComparison.Ordinal) && page.Contains(HeaderDetail, StringComparison.Ordinal),
                $"header row missing on page {index + 1}");
            Assert.Equal(1, PdfTools.CountOccurrences(page, HeaderDetail));
        }

        var all = string.Join("\n", pages);
        var last = -1;
        for (var i = 1; i <= 200; i++)
        {
            var id = $"H-{i:D3}";
            Assert.Equal(1, PdfTools.CountOccurrences(all, id));
            var pos = all.IndexOf(id, StringComparison.Ordinal);
            Assert.True(pos > last, $"{id} out of order");
            last = pos;
            Assert.Contains($"รายการที่ {i}:", all);
        }
        Assert.Contains("สิ้นสุดภาคผนวก", pages[^1]);

        // PdfPig (ActualText-aware) agrees.
        var pig = PdfTools.PdfPigActualTextPages(pdf);
        Assert.Equal(pageCount, pig.Length);
        Assert.All(pig, p => Assert.Contains(HeaderDetail, p));
    }

    [Fact]
    public void A_single_very_long_cell_splits_across_pages_line_by_line_without_losing_or_duplicating_text()
    {
        // 80 numbered Thai sentences in one cell: far taller than a page.
        var sentences = Enumerable.Range(1, 80).Select(i => $"[{i:D3}] " + (i % 2 == 0 ? Samples.LongThai[..120] : "ข้อเสนอแนะเพื่อให้น้ำหนักกับคำนิยามที่ชัดเจน")).ToArray();
        var longText = string.Join(" ", sentences);
        var table = new Table([ColumnWidth.Fixed(70), ColumnWidth.Relative()],
        [
            new TableRow("หัวข้อ", "เนื้อหา"),
            new TableRow(new TableCell("F1-R1.1"), new TableCell(longText)),
            new TableRow("F1-R2", "แถวถัดไปหลังเซลล์ยาว"),
        ]) { HeaderRows = 1 };
        var doc = new Document([new Heading(2, "เซลล์ยาว"), table]) { Metadata = new DocumentMetadata { Created = Samples.Created } };
        var pdf = PdfRenderer.RenderToBytes(doc);
        var path = PdfTools.SaveArtifact("long-cell.pdf", pdf);
        var pages = PdfTools.PdfToTextPages(path);
        Assert.True(pages.Length >= 3, $"expected the cell to span several pages, got {pages.Length}");
        Assert.All(pages, p => Assert.Contains("เนื้อหา", p));

        var all = string.Join("\n", pages);
        var last = -1;
        for (var i = 1; i <= 80; i++)
        {
            var marker = $"[{i:D3}]";
            Assert.Equal(1, PdfTools.CountOccurrences(all, marker));
            var pos = all.IndexOf(marker, StringComparison.Ordinal);
            Assert.True(pos > last, $"{marker} out of order");
            last = pos;
        }
        // Whole text, ignoring line breaks and the repeated header/first cell: exactly once.
        var flat = PdfTools.StripWhitespace(all.Replace("หัวข้อ", "").Replace("เนื้อหา", "").Replace("F1-R1.1", ""));
        Assert.Equal(1, PdfTools.CountOccurrences(flat, PdfTools.StripWhitespace(longText)));
        Assert.Contains("แถวถัดไปหลังเซลล์ยาว", pages[^1]);
    }
}
