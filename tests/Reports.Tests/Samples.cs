using Oversight.Reports.Charts;
using Oversight.Reports.Model;

namespace Oversight.Reports.Tests;

/// <summary>Test documents built from the audit domain (clean Thai text).</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Created = new(2026, 11, 24, 9, 30, 0, TimeSpan.FromHours(7));

    public static readonly string[] ThaiProbes =
    [
        "สำนักงานปลัดกระทรวงแรงงาน",
        "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร",
        "ข้อเสนอแนะ",
        "24 พฤศจิกายน 2569",
        "ระบบวิเคราะห์ข้อมูลขนาดใหญ่ด้านแรงงาน (Labour Big Data Analytics)",
        "ที่",
        "เพื่อ",
        "คำนิยาม",
        "น้ำ",
    ];

    public const string LongThai =
        "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสารควรสำรวจความต้องการเชื่อมโยงข้อมูลของหน่วยงานภายนอกที่เคยเชื่อมโยงไว้แล้ว " +
        "และจัดทำแผนการบูรณาการข้อมูลด้านแรงงานของสำนักงานปลัดกระทรวงแรงงาน เพื่อให้ระบบวิเคราะห์ข้อมูลขนาดใหญ่ด้านแรงงาน " +
        "(Labour Big Data Analytics) เป็นศูนย์กลางข้อมูลด้านแรงงานได้อย่างแท้จริง โดยกำหนดเงื่อนไข คำนิยาม หมวดหมู่ ขอบเขต " +
        "และรายละเอียดของชุดข้อมูลทุกชุดที่แสดงผลบนแดชบอร์ด รวมทั้งตกลงวิธีการถ่ายโอนข้อมูลให้เป็นไปตามกฎหมายคุ้มครองข้อมูลส่วนบุคคล " +
        "และหลักธรรมาภิบาลข้อมูลภาครัฐ";

    public static Document ProbeDocument() => new DocumentBuilder()
        .Metadata(m => m with { Title = "ทดสอบข้อความภาษาไทย", Author = "Oversight tests", Subject = "ข้อเสนอแนะ", Keywords = "สตง., แรงงาน", Created = Created })
        .Header(new RunningContent { Left = "รายงานติดตามผลการดำเนินการตามข้อเสนอแนะ", Right = "สตง.", Rule = true })
        .Footer(new RunningContent { Center = "หน้า {page} / {pages}" })
        .Heading(1, "ข้อเสนอแนะ", anchor: "recs")
        .AddRange(ThaiProbes.Select(p => new Paragraph(p) { Style = new TextStyle { Size = 14 } }))
        .Paragraph(new Span("หน่วยรับตรวจ: "), new Span("สำนักงานปลัดกระทรวงแรงงาน", TextStyle.Strong), new Span(" ("), new Span("OPS", TextStyle.Emphasis), new Span(")"))
        .Link("เว็บไซต์สำนักงานการตรวจเงินแผ่นดิน", "https://www.audit.go.th/", before: "ดูรายละเอียดที่ ")
        .Paragraph(new Span("กลับไปที่หัวข้อข้อเสนอแนะ", new TextStyle { Underline = true }, "#recs"))
        .Paragraph(LongThai, TextAlign.Justify)
        .Bullets("ข้อมูลที่นำเข้าโดยวิธีที่ 2 และ 3 ส่วนใหญ่ไม่เป็นปัจจุบัน", "ไม่สามารถแลกเปลี่ยนข้อมูลรายทะเบียนได้")
        .Numbered("สำรวจความต้องการ", "จัดทำแผน", "ติดตามประเมินผล")
        .Definitions(("หน่วยรับตรวจ", "สำนักงานปลัดกระทรวงแรงงาน"), ("ปีงบประมาณ", "พ.ศ. 2563–2565"), ("วันที่รายงาน", "24 พฤศจิกายน 2569"))
        .Rule()
        .Chart(new BarChart(["ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "ยังไม่ดำเนินการ"], [new ChartSeries("ข้อเสนอแนะ", [5, 6, 2])]) { Title = "สถานะข้อเสนอแนะ" }, 160)
        .Build();
}
