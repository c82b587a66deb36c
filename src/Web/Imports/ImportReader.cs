using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using MiniExcelLibs;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;

namespace Oversight.Web.Imports;

/// <summary>A file read as a table: its header cells and its data rows, each with its row number in the file.</summary>
public sealed record ImportTable(IReadOnlyList<string> Headers, IReadOnlyList<(int Row, string?[] Cells)> Rows);

/// <summary>
/// Reads an uploaded CSV (UTF-8, Sylvan.Data.Csv) or XLSX (MiniExcel) file into an <see cref="ImportTable"/>, judging the
/// type from the content. A formula anywhere (an XLSX formula cell, or a CSV cell starting with "=" or "@") is an
/// error at its row and column: figures are values, never formulas.
/// </summary>
public static class ImportReader
{
    public static (ImportTable? Table, IReadOnlyList<InputError> Errors) Read(byte[] content)
    {
        if (content.Length >= 4 && content[0] == 0x50 && content[1] == 0x4B && content[2] == 0x03 && content[3] == 0x04)
        {
            return ReadXlsx(content);
        }
        return ReadCsv(content);
    }

    private static (ImportTable?, IReadOnlyList<InputError>) ReadCsv(byte[] content)
    {
        var bytes = content.AsSpan();
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return (null, [InputError.Of(1, "*", InputErrorCodes.UnreadableFile)]);
        }
        if (text.IndexOf('\0') >= 0)
        {
            return (null, [InputError.Of(1, "*", InputErrorCodes.UnreadableFile)]);
        }
        var errors = new List<InputError>();
        var rows = new List<(int, string?[])>();
        try
        {
            using var reader = Sylvan.Data.Csv.CsvDataReader.Create(new StringReader(text), new Sylvan.Data.Csv.CsvDataReaderOptions { HasHeaders = true });
            var headers = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim().TrimStart('\uFEFF')).ToArray();
            var row = 1;
            while (reader.Read())
            {
                row++;
                var cells = new string?[headers.Length];
                for (var i = 0; i < Math.Min(headers.Length, reader.RowFieldCount); i++)
                {
                    var value = reader.GetString(i);
                    cells[i] = value.Length == 0 ? null : value;
                    if (value.Length > 0 && (value[0] is '=' or '@' || (value[0] is '+' or '-' && value.Length > 1 && !char.IsDigit(value[1]) && value[1] != '.')))
                    {
                        errors.Add(InputError.Of(row, headers[i], InputErrorCodes.FormulaCell));
                    }
                }
                if (reader.RowFieldCount > headers.Length)
                {
                    errors.Add(InputError.Of(row, "*", InputErrorCodes.RowLength, reader.RowFieldCount, headers.Length));
                }
                if (cells.All(c => c is null))
                {
                    continue;
                }
                rows.Add((row, cells));
            }
            return (new ImportTable(headers, rows), errors);
        }
        catch (Exception e) when (e is Sylvan.Data.Csv.CsvFormatException or FormatException or InvalidDataException)
        {
            return (null, [InputError.Of(1, "*", InputErrorCodes.CsvDoesNotParse, e.Message)]);
        }
    }

    private static bool DeclaresMacros(ZipArchive zip)
    {
        if (zip.GetEntry("[Content_Types].xml") is not { Length: < 1024 * 1024 } entry)
        {
            return false;
        }
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return OfficeMacros.DeclaresMacros(reader.ReadToEnd());
    }

    private static (ImportTable?, IReadOnlyList<InputError>) ReadXlsx(byte[] content)
    {
        var errors = new List<InputError>();
        try
        {
            using (var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read))
            {
                if (zip.GetEntry("xl/workbook.xml") is null)
                {
                    return (null, [InputError.Of(1, "*", InputErrorCodes.ZipNotWorkbook)]);
                }
                foreach (var sheet in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
                {
                    errors.AddRange(Formulas(sheet));
                }
                if (zip.Entries.Any(e => OfficeMacros.IsMacroPart(e.FullName)) || DeclaresMacros(zip))
                {
                    errors.Add(InputError.Of(1, "*", InputErrorCodes.MacrosRefused));
                }
            }
            using var stream = new MemoryStream(content);
            var sheetRows = MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
            if (sheetRows.Count == 0)
            {
                return (new ImportTable([], []), errors);
            }
            var columns = sheetRows[0].Keys.ToArray();
            var headers = columns.Select(c => Text(sheetRows[0][c])?.Trim() ?? "").ToArray();
            // Name a formula's column by its header, as every other error does (the sheet's letters are MiniExcel's keys).
            errors = errors.Select(e => Array.IndexOf(columns, e.Column) is var i and >= 0 && headers[i].Length > 0 ? e with { Column = headers[i] } : e).ToList();
            var rows = new List<(int, string?[])>();
            for (var r = 1; r < sheetRows.Count; r++)
            {
                var cells = columns.Select(c => sheetRows[r].TryGetValue(c, out var v) ? Text(v) : null).ToArray();
                if (cells.All(c => c is null))
                {
                    continue;
                }
                rows.Add((r + 1, cells));
            }
            return (new ImportTable(headers, rows), errors);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or InvalidOperationException or NotSupportedException)
        {
            return (null, [InputError.Of(1, "*", InputErrorCodes.UnreadableWorkbook)]);
        }
    }

    /// <summary>Every formula cell of a worksheet, as an error at its cell (e.g. "C7").</summary>
    private static IEnumerable<InputError> Formulas(ZipArchiveEntry sheet)
    {
        var found = new List<InputError>();
        using var reader = XmlReader.Create(sheet.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        string? cell = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            if (reader.LocalName == "c")
            {
                cell = reader.GetAttribute("r");
            }
            else if (reader.LocalName == "f" && cell is not null)
            {
                var digits = new string(cell.Where(char.IsDigit).ToArray());
                found.Add(InputError.Of(int.TryParse(digits, out var row) ? row : 0, new string(cell.Where(char.IsLetter).ToArray()),
                    InputErrorCodes.FormulaCell));
            }
        }
        return found;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("O", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
