using System.IO.Compression;
using System.Xml.Linq;

namespace Oversight.Reports.Excel;

/// <summary>Corrections to the styles part (<c>xl/styles.xml</c>) of a workbook MiniExcel has written.</summary>
internal static class XlsxStyles
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string StylesPart = "xl/styles.xml";

    /// <summary>Excel's built-in short-date and date-time formats, which MiniExcel gives a date cell without a column format.</summary>
    private const int BuiltInDate = 14, BuiltInDateTime = 22;

    /// <summary>
    /// Every solid fill gets the opaque colour <paramref name="argb"/> (MiniExcel writes its header fill with alpha 0x28,
    /// i.e. mostly transparent), and every cell format that uses a fill says <c>applyFill="1"</c> (MiniExcel's header
    /// format says 0, and LibreOffice then draws no fill under the white header text). A date cell left with Excel's
    /// built-in date formats (a column holding more than dates, e.g. the About sheet's values) gets
    /// <paramref name="dateFormat"/> / <paramref name="dateTimeFormat"/>, so it shows in the file's era as well.
    /// </summary>
    public static void Fix(MemoryStream xlsx, string argb, string dateFormat, string dateTimeFormat)
    {
        using (var zip = new ZipArchive(xlsx, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry(StylesPart) ?? throw new InvalidOperationException("The workbook has no styles part.");
            XDocument styles;
            using (var read = entry.Open())
            {
                styles = XDocument.Load(read);
            }
            var fills = styles.Root!.Element(Main + "fills")?.Elements(Main + "fill").ToList() ?? [];
            var solid = new HashSet<int>();
            for (var i = 0; i < fills.Count; i++)
            {
                var pattern = fills[i].Element(Main + "patternFill");
                if ((string?)pattern?.Attribute("patternType") != "solid")
                {
                    continue;
                }
                solid.Add(i);
                foreach (var color in new[] { pattern!.Element(Main + "fgColor"), pattern.Element(Main + "bgColor") }.OfType<XElement>())
                {
                    color.SetAttributeValue("rgb", argb);
                }
            }
            foreach (var xf in styles.Root.Element(Main + "cellXfs")?.Elements(Main + "xf") ?? [])
            {
                if (int.TryParse((string?)xf.Attribute("fillId"), out var fill) && solid.Contains(fill))
                {
                    xf.SetAttributeValue("applyFill", "1");
                }
            }
            var numFmts = styles.Root.Element(Main + "numFmts");
            if (numFmts is null)
            {
                numFmts = new XElement(Main + "numFmts");
                styles.Root.AddFirst(numFmts);
            }
            int FormatId(string code)
            {
                var existing = numFmts.Elements(Main + "numFmt").FirstOrDefault(f => (string?)f.Attribute("formatCode") == code);
                if (existing is not null)
                {
                    return (int)existing.Attribute("numFmtId")!;
                }
                var id = Math.Max(199, numFmts.Elements(Main + "numFmt").Select(f => (int)f.Attribute("numFmtId")!).DefaultIfEmpty(0).Max()) + 1;
                numFmts.Add(new XElement(Main + "numFmt", new XAttribute("numFmtId", id), new XAttribute("formatCode", code)));
                numFmts.SetAttributeValue("count", numFmts.Elements(Main + "numFmt").Count());
                return id;
            }
            foreach (var xf in styles.Root.Element(Main + "cellXfs")?.Elements(Main + "xf") ?? [])
            {
                var replacement = (int?)xf.Attribute("numFmtId") switch
                {
                    BuiltInDate => dateFormat,
                    BuiltInDateTime => dateTimeFormat,
                    _ => null,
                };
                if (replacement is not null)
                {
                    xf.SetAttributeValue("numFmtId", FormatId(replacement));
                }
            }
            var stamp = entry.LastWriteTime;
            entry.Delete();
            var replaced = zip.CreateEntry(StylesPart, CompressionLevel.Optimal);
            replaced.LastWriteTime = stamp;
            using var write = replaced.Open();
            styles.Save(write, SaveOptions.DisableFormatting);
        }
    }
}
