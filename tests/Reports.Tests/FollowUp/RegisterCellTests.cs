using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using Oversight.Reports.Excel;
using Oversight.Reports.FollowUp;

namespace Oversight.Reports.Tests.FollowUp;

/// <summary>
/// register.xlsx read at the level of the OOXML parts: dates and times are numeric date cells (not text) whose number
/// format shows the Buddhist Era in the Thai file ([$-107041E], calendar 07 = Thai Buddhist) and the Common Era in the
/// English one; the header row's fill is opaque and applied.
/// </summary>
public sealed class RegisterCellTests
{
    private static readonly XNamespace X = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>A workbook's cells by sheet and reference, each with its type attribute, value and number format.</summary>
    private sealed class Workbook
    {
        private readonly Dictionary<string, XDocument> _parts = new(StringComparer.Ordinal);

        public Workbook(byte[] xlsx)
        {
            using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
            foreach (var e in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
            {
                using var s = e.Open();
                _parts[e.FullName] = XDocument.Load(s);
            }
            var styles = _parts["xl/styles.xml"].Root!;
            Formats = styles.Element(X + "numFmts")?.Elements(X + "numFmt")
                .ToDictionary(f => (int)f.Attribute("numFmtId")!, f => (string)f.Attribute("formatCode")!) ?? [];
            Xfs = styles.Element(X + "cellXfs")!.Elements(X + "xf").ToList();
            Fills = styles.Element(X + "fills")!.Elements(X + "fill").ToList();
            Strings = _parts.TryGetValue("xl/sharedStrings.xml", out var ss) ? ss.Root!.Elements(X + "si").Select(si => si.Value).ToList() : [];
        }

        public Dictionary<int, string> Formats { get; }
        public List<XElement> Xfs { get; }
        public List<XElement> Fills { get; }
        public List<string> Strings { get; }

        /// <summary>The cells of sheet <paramref name="n"/> (1-based) row by row.</summary>
        public List<List<XElement>> Rows(int n) => _parts[$"xl/worksheets/sheet{n}.xml"].Descendants(X + "row").Select(r => r.Elements(X + "c").ToList()).ToList();

        public XElement Xf(XElement cell) => Xfs[(int?)cell.Attribute("s") ?? 0];

        public string? FormatCode(XElement cell) => Formats.TryGetValue((int)Xf(cell).Attribute("numFmtId")!, out var f) ? f : null;

        public string Text(XElement cell) => (string?)cell.Attribute("t") == "s" ? Strings[int.Parse(cell.Value, CultureInfo.InvariantCulture)] : cell.Value;

        /// <summary>The cell under header <paramref name="header"/> in the row whose first cell is <paramref name="key"/>.</summary>
        public XElement Cell(int sheet, string key, string header)
        {
            var rows = Rows(sheet);
            var column = rows[0].FindIndex(c => Text(c) == header);
            Assert.True(column >= 0, $"no column '{header}'");
            var row = rows.Skip(1).Single(r => Text(r[0]) == key);
            return row[column];
        }
    }

    private static double Serial(DateTime d) => d.ToOADate();

    /// <summary>A date cell: numeric (no t="str"/"s"/"inlineStr"), the serial of the date, with the language's date format.</summary>
    private static void AssertDateCell(Workbook wb, XElement cell, DateTime expected, string format)
    {
        var type = (string?)cell.Attribute("t");
        Assert.True(type is null or "n", $"date cell {cell.Attribute("r")} is typed '{type}', not a number");
        Assert.Equal(Serial(expected), double.Parse(cell.Value, CultureInfo.InvariantCulture), 6);
        Assert.Equal(format, wb.FormatCode(cell));
    }

    [Fact]
    public void Thai_register_dates_are_date_cells_formatted_in_the_buddhist_era()
    {
        var model = FollowUpSamples.Build(3);
        var bytes = RegisterExporter.ToBytes(model);
        File.WriteAllBytes(Path.Combine(PdfTools.ArtifactsDir, "register-cells-th.xlsx"), bytes);
        var wb = new Workbook(bytes);
        var date = RegisterExporter.DateFormat(ReportLanguage.Thai);
        var dateTime = RegisterExporter.DateTimeFormat(ReportLanguage.Thai);
        Assert.Equal("[$-107041E]d mmm yyyy", date);
        Assert.Equal("[$-107041E]d mmm yyyy hh:mm", dateTime);

        var r11 = model.Recommendations.Single(r => r.Code == "F1-R1.1");
        AssertDateCell(wb, wb.Cell(1, "F1-R1.1", "กำหนดแล้วเสร็จ"), new DateTime(2026, 9, 30), date);
        AssertDateCell(wb, wb.Cell(1, "F1-R1.1", "กำหนดแล้วเสร็จเดิม"), new DateTime(2026, 7, 31), date);
        // "Updated" is a date-time cell in Thai time (09:00 +07:00), not text.
        AssertDateCell(wb, wb.Cell(1, "F1-R1.1", "ปรับปรุงล่าสุด (เวลาไทย)"), r11.UpdatedAt!.Value.ToOffset(TimeSpan.FromHours(7)).DateTime, dateTime);
        // Actions' due dates and evidence upload times.
        var action = model.Recommendations.SelectMany(r => r.Actions.Select(a => (r.Code, a))).Single();
        AssertDateCell(wb, wb.Cell(2, action.Code, "กำหนดแล้วเสร็จ"), action.a.DueDate.ToDateTime(TimeOnly.MinValue), date);
        var evidence = model.Recommendations.SelectMany(r => r.Evidence.Select(e => (r.Code, e))).Single();
        AssertDateCell(wb, wb.Cell(3, evidence.Code, "วันเวลาที่แนบ (เวลาไทย)"), evidence.e.UploadedAt.ToOffset(TimeSpan.FromHours(7)).DateTime, dateTime);
        // The file's as-of date on the About sheet.
        AssertDateCell(wb, wb.Cell(4, FollowUpText.Thai.AsOf, FollowUpText.Thai.AboutValue), FollowUpSamples.AsOf.ToDateTime(TimeOnly.MinValue), date);
        // No date is left as ISO text anywhere.
        Assert.DoesNotContain(Enumerable.Range(1, 4).SelectMany(wb.Rows).SelectMany(r => r).Select(wb.Text),
            v => System.Text.RegularExpressions.Regex.IsMatch(v, @"^\d{4}-\d{2}-\d{2}"));
    }

    [Fact]
    public void English_register_dates_are_date_cells_formatted_in_the_common_era()
    {
        var model = FollowUpSamples.Build(3);
        var wb = new Workbook(RegisterExporter.ToBytes(model, ReportLanguage.English));
        var date = RegisterExporter.DateFormat(ReportLanguage.English);
        Assert.DoesNotContain("107041E", date);
        AssertDateCell(wb, wb.Cell(1, "F1-R1.1", "Due date"), new DateTime(2026, 9, 30), date);
        var r11 = model.Recommendations.Single(r => r.Code == "F1-R1.1");
        AssertDateCell(wb, wb.Cell(1, "F1-R1.1", "Last update (UTC+7)"), r11.UpdatedAt!.Value.ToOffset(TimeSpan.FromHours(7)).DateTime,
            RegisterExporter.DateTimeFormat(ReportLanguage.English));
        AssertDateCell(wb, wb.Cell(4, FollowUpText.English.AsOf, FollowUpText.English.AboutValue), FollowUpSamples.AsOf.ToDateTime(TimeOnly.MinValue), date);
    }

    [Theory]
    [InlineData(ReportLanguage.Thai)]
    [InlineData(ReportLanguage.English)]
    public void Header_cells_have_an_opaque_applied_fill(ReportLanguage language)
    {
        var wb = new Workbook(RegisterExporter.ToBytes(FollowUpSamples.Build(3), language));
        for (var sheet = 1; sheet <= 4; sheet++)
        {
            foreach (var cell in wb.Rows(sheet)[0])
            {
                var xf = wb.Xf(cell);
                var fill = wb.Fills[(int)xf.Attribute("fillId")!].Element(X + "patternFill");
                Assert.Equal("solid", (string?)fill?.Attribute("patternType"));
                var rgb = (string?)fill!.Element(X + "fgColor")?.Attribute("rgb");
                Assert.Equal(RegisterExporter.HeaderFill, rgb);
                Assert.StartsWith("FF", rgb); // alpha FF: opaque
                Assert.Equal("1", (string?)xf.Attribute("applyFill"));
            }
        }
    }
}
