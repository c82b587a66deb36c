using System.IO.Compression;
using System.Text;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Domain.Evidence;

/// <summary>The verdict on an uploaded file: its real content type (from the bytes), or why it is refused.</summary>
public sealed record EvidenceVerdict(string? ContentType, CommandError? Error)
{
    public bool Accepted => Error is null;
}

/// <summary>
/// Decides what an uploaded file really is from its content, never from its name. Accepted: PDF, PNG, JPEG,
/// GIF, WebP, TIFF, Office Open XML (docx/xlsx/pptx, not macro-enabled), OpenDocument, legacy Office
/// (OLE compound files named .doc/.xls/.ppt) and UTF-8 CSV. Everything else, executables and scripts above all, is refused.
/// </summary>
public static partial class EvidenceInspector
{
    public const long MaxBytes = 25L * 1024 * 1024;

    private static readonly Dictionary<string, string> OpenDocumentTypes = new(StringComparer.Ordinal)
    {
        ["application/vnd.oasis.opendocument.text"] = "odt",
        ["application/vnd.oasis.opendocument.spreadsheet"] = "ods",
        ["application/vnd.oasis.opendocument.presentation"] = "odp",
    };

    public static EvidenceVerdict Inspect(ReadOnlySpan<byte> content, string fileName)
    {
        if (content.Length == 0)
        {
            return Refuse("empty-file", "The file is empty.");
        }
        if (content.Length > MaxBytes)
        {
            return new EvidenceVerdict(null, new CommandError(ErrorKind.TooLarge, "file-too-large",
                $"Evidence files may be at most {MaxBytes / (1024 * 1024)} MB; this one is {content.Length:N0} bytes."));
        }
        if (LooksExecutable(content))
        {
            return Refuse("executable-refused", "The file is an executable or a script, whatever its name says; it cannot be evidence.");
        }
        if (content.StartsWith("%PDF-"u8))
        {
            return Accept("application/pdf");
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Accept("image/png");
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Accept("image/jpeg");
        }
        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8))
        {
            return Accept("image/gif");
        }
        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8))
        {
            return Accept("image/webp");
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0x49, 0x49, 0x2A, 0x00]) || content.StartsWith((ReadOnlySpan<byte>)[0x4D, 0x4D, 0x00, 0x2A]))
        {
            return Accept("image/tiff");
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]))
        {
            return InspectZip(content);
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return Path.GetExtension(fileName).ToLowerInvariant() switch
            {
                ".doc" => Accept("application/msword"),
                ".xls" => Accept("application/vnd.ms-excel"),
                ".ppt" => Accept("application/vnd.ms-powerpoint"),
                _ => Refuse("unsupported-type", "The file is an OLE compound document that is not named .doc, .xls or .ppt."),
            };
        }
        if (IsCsv(content))
        {
            return Accept("text/csv");
        }
        return Refuse("unsupported-type",
            "Evidence must be a PDF, an image (PNG, JPEG, GIF, WebP, TIFF), an Office or OpenDocument file, or a UTF-8 CSV; the content of this file is none of those.");
    }

    /// <summary>A safe display name: no directories, no control characters, bounded length.</summary>
    public static string CleanFileName(string? fileName)
    {
        var name = (fileName ?? string.Empty).Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (!char.IsControl(c) && c is not '"' and not '<' and not '>' and not '|' and not '*' and not '?' and not ':')
            {
                builder.Append(c);
            }
        }
        var cleaned = builder.ToString().Trim().TrimStart('.');
        if (cleaned.Length > TextRules.FileNameMaxLength)
        {
            var extension = Path.GetExtension(cleaned);
            cleaned = cleaned[..(TextRules.FileNameMaxLength - extension.Length)] + extension;
        }
        return cleaned.Length == 0 ? "evidence" : cleaned;
    }

    private static bool LooksExecutable(ReadOnlySpan<byte> content) =>
        content.StartsWith("MZ"u8)                                   // Windows PE / DOS
        || content.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46])              // ELF
        || content.StartsWith((ReadOnlySpan<byte>)[0xCF, 0xFA, 0xED, 0xFE])              // Mach-O 64
        || content.StartsWith((ReadOnlySpan<byte>)[0xCE, 0xFA, 0xED, 0xFE])              // Mach-O 32
        || content.StartsWith((ReadOnlySpan<byte>)[0xCA, 0xFE, 0xBA, 0xBE])              // Mach-O universal / Java class
        || content.StartsWith("#!"u8)                                // shell scripts
        || content.StartsWith((ReadOnlySpan<byte>)[0x00, 0x61, 0x73, 0x6D]);             // WebAssembly

    private static EvidenceVerdict InspectZip(ReadOnlySpan<byte> content)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content.ToArray(), writable: false), ZipArchiveMode.Read);
            var names = new HashSet<string>(archive.Entries.Select(e => e.FullName), StringComparer.OrdinalIgnoreCase);
            if (names.Any(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
            {
                return Refuse("macro-refused", "Macro-enabled Office files are not accepted as evidence; save the document without macros.");
            }
            if (names.Contains("[Content_Types].xml"))
            {
                if (names.Contains("word/document.xml"))
                {
                    return Accept("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
                }
                if (names.Contains("xl/workbook.xml"))
                {
                    return Accept("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                }
                if (names.Contains("ppt/presentation.xml"))
                {
                    return Accept("application/vnd.openxmlformats-officedocument.presentationml.presentation");
                }
            }
            var mimetype = archive.GetEntry("mimetype");
            if (mimetype is not null && mimetype.Length < 200)
            {
                using var reader = new StreamReader(mimetype.Open(), Encoding.ASCII);
                var type = reader.ReadToEnd().Trim();
                if (OpenDocumentTypes.ContainsKey(type))
                {
                    return Accept(type);
                }
            }
            return Refuse("unsupported-type", "The file is a ZIP archive but not an Office or OpenDocument file.");
        }
        catch (InvalidDataException)
        {
            return Refuse("corrupt-file", "The file claims to be a ZIP-based document but cannot be read.");
        }
    }

    /// <summary>
    /// A CSV is UTF-8 text with no control characters but tab and line breaks and no markup anywhere (an HTML page
    /// whose first line has a comma is not a CSV), that parses (RFC 4180 quoting, by Sylvan.Data.Csv) as at least two
    /// rows of at least two fields, every row with the same number of fields as the first.
    /// </summary>
    internal static bool IsCsv(ReadOnlySpan<byte> content)
    {
        var text = content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? content[3..] : content;
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(text);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        foreach (var c in decoded)
        {
            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            {
                return false;
            }
        }
        if (Markup().IsMatch(decoded))
        {
            return false;
        }
        var firstLine = decoded.AsSpan(0, decoded.IndexOf('\n') is var n && n >= 0 ? n : decoded.Length);
        char? delimiter = firstLine.Contains('\t') ? '\t' : firstLine.Contains(';') && !firstLine.Contains(',') ? ';' : firstLine.Contains(',') ? ',' : null;
        if (delimiter is null)
        {
            return false;
        }
        try
        {
            using var reader = Sylvan.Data.Csv.CsvDataReader.Create(new StringReader(decoded),
                new Sylvan.Data.Csv.CsvDataReaderOptions { HasHeaders = false, Delimiter = delimiter.Value });
            var fields = -1;
            var rows = 0;
            while (reader.Read())
            {
                var count = reader.RowFieldCount;
                if (count == 1 && reader.GetString(0).Length == 0)
                {
                    continue; // a blank line
                }
                if (fields < 0)
                {
                    fields = count;
                }
                if (count != fields || count < 2)
                {
                    return false;
                }
                rows++;
            }
            return rows >= 2;
        }
        catch (Exception e) when (e is Sylvan.Data.Csv.CsvFormatException or InvalidDataException or FormatException)
        {
            return false;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"<[a-zA-Z!/?]", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Markup();

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);

    private static EvidenceVerdict Accept(string contentType) => new(contentType, null);

    private static EvidenceVerdict Refuse(string code, string detail) => new(null, CommandError.Invalid(code, detail, "file"));
}
