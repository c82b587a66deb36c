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
/// Decides what an uploaded file really is from its content, never from its name, and by its whole structure, not
/// its first bytes. Accepted: PDF, PNG, JPEG, GIF, WebP, TIFF (each walked to its end, with no markup in what it
/// carries: <see cref="ImageStructure"/>), Office Open XML (docx/xlsx/pptx) and OpenDocument packages that read in
/// full and hold no macros, legacy Office documents (OLE compound files with a Word, Excel or PowerPoint stream and no
/// macros: <see cref="LegacyOffice"/>) and UTF-8 CSV. Everything else, executables and scripts above all, is refused.
/// </summary>
public static partial class EvidenceInspector
{
    public const long MaxBytes = 25L * 1024 * 1024;

    /// <summary>What the parts of a zipped document may expand to, all together (a zip bomb stops here).</summary>
    private const long MaxExpandedBytes = 256L * 1024 * 1024;

    private static readonly Dictionary<string, string> OpenDocumentTypes = new(StringComparer.Ordinal)
    {
        ["application/vnd.oasis.opendocument.text"] = "odt",
        ["application/vnd.oasis.opendocument.spreadsheet"] = "ods",
        ["application/vnd.oasis.opendocument.presentation"] = "odp",
    };

    /// <summary>The verdict on <paramref name="content"/>; <paramref name="fileName"/> is what the uploader called it and decides nothing.</summary>
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
            return InspectPdf(content);
        }
        if (content.StartsWith(ImageStructure.PngSignature))
        {
            return ImageStructure.Png(content);
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ImageStructure.Jpeg(content);
        }
        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8))
        {
            return ImageStructure.Gif(content);
        }
        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageStructure.WebP(content);
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0x49, 0x49, 0x2A, 0x00]) || content.StartsWith((ReadOnlySpan<byte>)[0x4D, 0x4D, 0x00, 0x2A]))
        {
            return ImageStructure.Tiff(content);
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]))
        {
            return InspectZip(content);
        }
        if (content.StartsWith(CompoundFile.Signature))
        {
            return LegacyOffice.Judge(content);
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

    /// <summary>
    /// A PDF starts with its header (<c>%PDF-</c> and a version, e.g. <c>1.7</c>) and ends with <c>%%EOF</c> (within
    /// its last kilobyte, where readers look for it): a file cut short in transfer has no end-of-file marker.
    /// </summary>
    private static EvidenceVerdict InspectPdf(ReadOnlySpan<byte> content)
    {
        var version = content[5..Math.Min(content.Length, 8)];
        if (version.Length < 3 || !char.IsAsciiDigit((char)version[0]) || version[1] != (byte)'.' || !char.IsAsciiDigit((char)version[2]))
        {
            return Refuse("corrupt-file", "The file starts like a PDF but has no valid version in its header.");
        }
        if (content[Math.Max(0, content.Length - 1024)..].LastIndexOf("%%EOF"u8) < 0)
        {
            return Refuse("corrupt-file", "The file starts like a PDF but has no end-of-file marker (%%EOF); it may be cut short.");
        }
        return Accept("application/pdf");
    }

    /// <summary>
    /// Office Open XML and OpenDocument packages: a zip whose every part reads in full (each name once), with no part
    /// that holds macros (<see cref="OfficeMacros"/>). Office Open XML has a <c>[Content_Types].xml</c> that parses and
    /// declares no macros, and its main part; OpenDocument names its type in <c>mimetype</c> and has <c>content.xml</c>.
    /// </summary>
    private static EvidenceVerdict InspectZip(ReadOnlySpan<byte> content)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content.ToArray(), writable: false), ZipArchiveMode.Read);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var parts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var buffer = new byte[64 * 1024];
            long expanded = 0;
            foreach (var entry in archive.Entries)
            {
                if (!names.Add(entry.FullName))
                {
                    return Refuse("corrupt-file", $"The package has two parts named '{entry.FullName}'.");
                }
                if (OfficeMacros.IsMacroPart(entry.FullName))
                {
                    return MacroRefused();
                }
                using var stream = entry.Open();
                using var part = new MemoryStream();
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    expanded += read;
                    if (expanded > MaxExpandedBytes)
                    {
                        return Refuse("corrupt-file", $"The package expands to more than {MaxExpandedBytes / (1024 * 1024)} MB.");
                    }
                    if (entry.FullName is "[Content_Types].xml" or "mimetype")
                    {
                        part.Write(buffer, 0, read);
                        if (part.Length > 1024 * 1024)
                        {
                            return Refuse("corrupt-file", $"The package's {entry.FullName} is larger than 1 MB.");
                        }
                    }
                }
                if (entry.FullName is "[Content_Types].xml" or "mimetype")
                {
                    parts[entry.FullName] = part.ToArray();
                }
            }
            if (parts.TryGetValue("[Content_Types].xml", out var contentTypes))
            {
                var xml = Encoding.UTF8.GetString(contentTypes);
                try
                {
                    using var reader = System.Xml.XmlReader.Create(new MemoryStream(contentTypes), new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit });
                    while (reader.Read())
                    {
                    }
                }
                catch (System.Xml.XmlException)
                {
                    return Refuse("corrupt-file", "The package's [Content_Types].xml does not parse.");
                }
                if (OfficeMacros.DeclaresMacros(xml))
                {
                    return MacroRefused();
                }
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
            if (parts.TryGetValue("mimetype", out var mimetype) && mimetype.Length < 200
                && Encoding.ASCII.GetString(mimetype).Trim() is var type && OpenDocumentTypes.ContainsKey(type) && names.Contains("content.xml"))
            {
                return Accept(type);
            }
            return Refuse("unsupported-type", "The file is a ZIP archive but not an Office or OpenDocument file.");
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
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

    /// <summary>
    /// Any markup at all: a tag, a comment, a declaration or a processing instruction. Text that is evidence (a CSV's
    /// cells, an image's comments and text fields) has none.
    /// </summary>
    internal static bool HasMarkup(string text) => Markup().IsMatch(text);

    [System.Text.RegularExpressions.GeneratedRegex(@"<[a-zA-Z!/?]", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Markup();

    /// <summary>
    /// The tags that make a page run something or go somewhere (a script, a frame, an object, a page, a redirect), or
    /// a PHP block, anywhere in binary content. Each, with the space or '>' after it, is at least six characters, so
    /// compressed image data, which is close to random, matches one by chance in about one 25 MB file in 28,000 (one
    /// 3 MB photo in 230,000); the text an image carries is held to the stricter <see cref="HasMarkup"/>.
    /// </summary>
    private static readonly byte[][] ActiveTags = [.. new[]
    {
        "script", "iframe", "frameset", "object", "embed", "applet", "html", "body", "meta", "!doctype", "?php",
    }.Select(Encoding.ASCII.GetBytes)];

    internal static bool HasActiveMarkup(ReadOnlySpan<byte> content)
    {
        var position = 0;
        while (true)
        {
            var next = content[position..].IndexOf((byte)'<');
            if (next < 0)
            {
                return false;
            }
            position += next + 1;
            var rest = content[position..];
            foreach (var tag in ActiveTags)
            {
                if (rest.Length > tag.Length && Ascii.EqualsIgnoreCase(rest[..tag.Length], tag)
                    && rest[tag.Length] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'/' or (byte)'>')
                {
                    return true;
                }
            }
        }
    }

    internal static EvidenceVerdict Accept(string contentType) => new(contentType, null);

    internal static EvidenceVerdict Refuse(string code, string detail) => new(null, CommandError.Invalid(code, detail, "file"));

    internal static EvidenceVerdict MacroRefused() =>
        Refuse("macro-refused", "Documents with macros are not accepted as evidence; save the document without macros.");
}
