using System.Globalization;
using System.Net;
using System.Text;
using Oversight.Reports.Charts;
using Oversight.Reports.Model;

namespace Oversight.Reports.Bench;

/// <summary>
/// The dense 20-page Thai report used by the benchmark: each page has a heading, a 15-row table of wrapped Thai
/// text, a bar chart and a link, plus a running header and a "หน้า x / y" footer. The same data produces the HTML
/// given to WeasyPrint and Chromium.
/// </summary>
internal static class BenchData
{
    public const int Sections = 20;
    public const int RowsPerSection = 15;
    public static readonly DateTimeOffset Created = new(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(7));

    /// <summary>Strings whose exact extraction is counted for every renderer.</summary>
    public static readonly string[] Probes =
    [
        "สำนักงานปลัดกระทรวงแรงงาน",
        "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร",
        "ข้อเสนอแนะ",
        "24 พฤศจิกายน 2569",
        "ระบบวิเคราะห์ข้อมูลขนาดใหญ่ด้านแรงงาน",
        "ที่",
        "เพื่อ",
        "คำนิยาม",
        "น้ำ",
        "ผู้ว่าการตรวจเงินแผ่นดิน",
        "ดำเนินการแล้ว",
        "ส่วนที่ 20",
    ];

    private static readonly string[] Units =
    [
        "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร", "สำนักงานนโยบายแรงงานนอกระบบ", "กองยุทธศาสตร์และแผนงาน",
        "กองเศรษฐกิจการแรงงาน", "ศูนย์บริการร่วมกระทรวงแรงงาน", "กรมสวัสดิการและคุ้มครองแรงงาน",
    ];

    private static readonly string[] Statuses = ["ยังไม่ดำเนินการ", "อยู่ระหว่างดำเนินการ", "ดำเนินการแล้ว", "ปิด: ดำเนินการแล้ว"];

    private static readonly string[] Details =
    [
        "สำรวจความต้องการเชื่อมโยงข้อมูลเพื่อจัดทำแผนบูรณาการข้อมูลด้านแรงงาน",
        "กำหนดคำนิยามและขอบเขตของชุดข้อมูลบนแดชบอร์ดให้ชัดเจน",
        "เร่งจัดทำแนวปฏิบัติด้านธรรมาภิบาลข้อมูลและข้อมูลส่วนบุคคล",
        "ประเมินการใช้ระบบวิเคราะห์ข้อมูลขนาดใหญ่ด้านแรงงานร่วมกับผู้ใช้",
        "ฝึกอบรมผู้ใช้งานในสำนักงานแรงงานจังหวัดที่ยังไม่ลงทะเบียน",
        "ทบทวนรหัสข้อมูลกลาง โดยให้น้ำหนักกับการใช้งานร่วมกัน",
        "จัดทำแผนปรับปรุงฐานข้อมูลศูนย์ข้อมูลแรงงานแห่งชาติ",
        "บริหารสัญญาโครงการให้เป็นไปตามกำหนดและศึกษาความเป็นไปได้",
    ];


    public sealed record Row(string Code, string Unit, string Detail, string Status, string Due);

    public sealed record Section(int Number, string Title, IReadOnlyList<Row> Rows, double[] Counts, string Url);

    public static IReadOnlyList<Section> Build()
    {
        var th = new CultureInfo("th-TH");
        return Enumerable.Range(1, Sections).Select(s =>
        {
            var rows = Enumerable.Range(1, RowsPerSection).Select(r =>
            {
                var i = s * 31 + r * 7;
                var detail = Details[i % Details.Length] + (r % 5 == 0 ? " เสนอผู้ว่าการตรวจเงินแผ่นดิน" : "");
                var due = new DateTime(2026, 11, 24).AddDays((i % 90) - 30).ToString("d MMM yyyy", th);
                return new Row($"F{s}-R{r}", Units[i % Units.Length], detail, Statuses[i % Statuses.Length], due);
            }).ToArray();
            var counts = Statuses.Select(st => (double)rows.Count(r => r.Status == st)).ToArray();
            var title = $"ส่วนที่ {s} ข้อเสนอแนะต่อสำนักงานปลัดกระทรวงแรงงาน";
            return new Section(s, title, rows, counts, $"https://www.audit.go.th/follow-up/{s}");
        }).ToArray();
    }

    public static Document ToDocument(IReadOnlyList<Section> sections)
    {
        var b = new DocumentBuilder()
            .Metadata(m => m with { Title = "รายงานติดตามผลการดำเนินการตามข้อเสนอแนะ", Author = "สำนักงานการตรวจเงินแผ่นดิน", Created = Created })
            .Header(new RunningContent { Left = "รายงานติดตามผล ระบบวิเคราะห์ข้อมูลขนาดใหญ่ด้านแรงงาน", Right = "24 พฤศจิกายน 2569", Rule = true })
            .Footer(new RunningContent { Center = "หน้า {page} / {pages}" });
        var cell = new TextStyle { Size = 10.5f };
        foreach (var s in sections)
        {
            if (s.Number > 1)
            {
                b.PageBreak();
            }
            b.Heading(3, s.Title);
            var rows = new List<TableRow> { new("รหัส", "หน่วยงาน", "ข้อเสนอแนะ", "สถานะ", "กำหนด") };
            rows.AddRange(s.Rows.Select(r => new TableRow(r.Code, r.Unit, r.Detail, r.Status, r.Due)));
            b.Table(new Table([ColumnWidth.Fixed(40), ColumnWidth.Relative(1.5f), ColumnWidth.Relative(2.7f), ColumnWidth.Relative(1.05f), ColumnWidth.Fixed(58)], rows)
            {
                HeaderRows = 1,
                Style = cell,
                CellPadding = 2f,
                StripeBackground = Color.FromHex("#F3F6FA"),
                SpaceAfter = 4,
            });
            b.Chart(new BarChart(Statuses, [new ChartSeries("จำนวนข้อเสนอแนะ", s.Counts)]) { ShowLegend = false, FontSize = 9 }, 72);
            b.Link("รายละเอียดในระบบติดตามผล", s.Url, before: "ดูเพิ่มเติม: ");
        }
        return b.Build();
    }

    /// <summary>Equivalent HTML for the peers: same text, an inline SVG bar chart per section, @page header/footer.</summary>
    public static string ToHtml(IReadOnlyList<Section> sections, string fontDir)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"th\"><head><meta charset=\"utf-8\"><title>รายงานติดตามผลการดำเนินการตามข้อเสนอแนะ</title><style>");
        sb.Append($"@font-face{{font-family:Sarabun;src:url('file://{fontDir}/Sarabun_400Regular.ttf');font-weight:400}}");
        sb.Append($"@font-face{{font-family:Sarabun;src:url('file://{fontDir}/Sarabun_700Bold.ttf');font-weight:700}}");
        sb.Append("@page{size:A4;margin:2.5cm 2cm 2cm 3cm;@top-left{content:'รายงานติดตามผล ระบบวิเคราะห์ข้อมูลขนาดใหญ่ด้านแรงงาน';font:12pt Sarabun;color:#555}");
        sb.Append("@top-right{content:'24 พฤศจิกายน 2569';font:12pt Sarabun;color:#555}@bottom-center{content:'หน้า ' counter(page) ' / ' counter(pages);font:12pt Sarabun;color:#555}}");
        sb.Append("body{font-family:Sarabun;font-size:16pt;margin:0}h2{font-size:16pt;margin:6pt 0 2pt}section{break-after:page}section:last-child{break-after:auto}");
        sb.Append("table{border-collapse:collapse;width:100%;font-size:10.5pt;margin-bottom:4pt}th,td{border:0.5pt solid #888;padding:2pt;vertical-align:top;text-align:left}");
        sb.Append("th{background:#eee}tr:nth-child(even) td{background:#F3F6FA}p{margin:2pt 0}svg text{font-family:Sarabun;font-size:9pt}</style></head><body>");
        foreach (var s in sections)
        {
            sb.Append("<section><h2>").Append(E(s.Title)).Append("</h2><table><colgroup><col style=\"width:40pt\"><col style=\"width:28%\"><col style=\"width:46%\"><col style=\"width:17%\"><col style=\"width:58pt\"></colgroup>");
            sb.Append("<thead><tr><th>รหัส</th><th>หน่วยงาน</th><th>ข้อเสนอแนะ</th><th>สถานะ</th><th>กำหนด</th></tr></thead><tbody>");
            foreach (var r in s.Rows)
            {
                sb.Append("<tr><td>").Append(E(r.Code)).Append("</td><td>").Append(E(r.Unit)).Append("</td><td>").Append(E(r.Detail))
                  .Append("</td><td>").Append(E(r.Status)).Append("</td><td>").Append(E(r.Due)).Append("</td></tr>");
            }
            sb.Append("</tbody></table>");
            // Simple vertical bar chart as SVG.
            const int w = 450, h = 72;
            var max = Math.Max(1, s.Counts.Max());
            sb.Append(CultureInfo.InvariantCulture, $"<svg width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {w} {h}\">");
            var band = (w - 30) / (double)s.Counts.Length;
            for (var i = 0; i < s.Counts.Length; i++)
            {
                var bh = s.Counts[i] / max * (h - 30);
                var x = 30 + i * band + band * 0.15;
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{h - 16 - bh:0.#}\" width=\"{band * 0.7:0.#}\" height=\"{bh:0.#}\" fill=\"#1F4E79\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + band * 0.35:0.#}\" y=\"{h - 18 - bh:0.#}\" text-anchor=\"middle\">{s.Counts[i]}</text>");
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + band * 0.35:0.#}\" y=\"{h - 4}\" text-anchor=\"middle\">{E(Statuses[i])}</text>");
            }
            sb.Append("</svg>");
            sb.Append("<p>ดูเพิ่มเติม: <a href=\"").Append(E(s.Url)).Append("\">รายละเอียดในระบบติดตามผล</a></p></section>");
        }
        sb.Append("</body></html>");
        return sb.ToString();
    }
}
