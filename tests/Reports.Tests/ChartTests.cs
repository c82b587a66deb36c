using Oversight.Reports.Charts;
using Oversight.Reports.Model;

namespace Oversight.Reports.Tests;

public sealed class ChartTests
{
    internal static Document ChartDocument()
    {
        string[] units = ["ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร", "สำนักงานนโยบายแรงงานนอกระบบ", "กองยุทธศาสตร์และแผนงาน", "กองเศรษฐกิจการแรงงาน"];
        return new DocumentBuilder()
            .Metadata(m => m with { Created = Samples.Created })
            .Heading(1, "บทสรุปผู้บริหาร")
            .Chart(new BarChart(units, [new ChartSeries("ข้อเสนอแนะ", [8, 3, 1, 1])]) { Title = "จำนวนข้อเสนอแนะตามหน่วยงาน", Orientation = BarOrientation.Horizontal }, 150)
            .Chart(new BarChart(["ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4"],
                [new ChartSeries("ดำเนินการแล้ว", [1, 3, 5, 8]), new ChartSeries("อยู่ระหว่างดำเนินการ", [9, 8, 6, 4]), new ChartSeries("ยังไม่เริ่ม", [3, 2, 2, 1])])
                { Title = "สถานะรายไตรมาส (ซ้อน)", Stacked = true }, 170)
            .Chart(new LineChart(["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค."], [new ChartSeries("ผู้ใช้งาน LBDA", [0, 2, 5, 9, 14, 21]), new ChartSeries("เป้าหมาย", [5, 10, 15, 20, 25, 30])]) { Title = "ผู้ใช้งานระบบรายเดือน" }, 160)
            .Chart(new DonutChart([new ChartSlice("ปิดแล้ว", 4), new ChartSlice("ดำเนินการ", 7), new ChartSlice("ยังไม่เริ่ม", 2)]) { Title = "สัดส่วนสถานะ", CenterText = "13" }, 150)
            .Chart(new BarChart(["2563", "2564", "2565"], [new ChartSeries("งบประมาณ", [12.5, 20, 18.25]), new ChartSeries("เบิกจ่าย", [10, 15.5, 17])]) { Title = "งบประมาณ (ล้านบาท)" }, 150)
            .Build();
    }

    [Fact]
    public void All_chart_types_render_with_extractable_thai_labels()
    {
        var pdf = PdfRenderer.RenderToBytes(ChartDocument());
        var path = PdfTools.SaveArtifact("charts.pdf", pdf);
        var text = PdfTools.PdfToText(path);
        foreach (var label in new[] { "จำนวนข้อเสนอแนะตามหน่วยงาน", "สถานะรายไตรมาส (ซ้อน)", "ผู้ใช้งานระบบรายเดือน", "สัดส่วนสถานะ", "ไตรมาส 1", "ดำเนินการแล้ว", "ยังไม่เริ่ม", "ผู้ใช้งาน LBDA", "ม.ค.", "งบประมาณ (ล้านบาท)", "กองยุทธศาสตร์และแผนงาน" })
        {
            Assert.Contains(label, text);
        }
        var flat = PdfTools.StripWhitespace(text);
        Assert.Contains("ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร", flat);
        Assert.Contains("31%", flat); // 4 of 13
        Assert.Contains("18.25", flat);
    }
}
