using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Oversight.Grains.Domain.Evidence;

/// <summary>
/// Images are judged by their whole structure, not their first bytes: each format is walked from its signature to its
/// end marker, every part must lie inside the file, and nothing may follow the end (a GIF's trailer, a PNG's IEND, a
/// JPEG's end-of-image marker, a WebP's RIFF size). A file that is cut short or does not hold together is
/// <c>corrupt-file</c>. The text an image carries (PNG text chunks, JPEG and GIF comments, GIF plain text, TIFF text
/// fields) must have no markup at all, by the same scan as a CSV's; XMP metadata (XML by design) and the rest of the
/// file must have no HTML or script (<see cref="EvidenceInspector.HasActiveMarkup"/>). Markup is <c>unsupported-type</c>:
/// such a file is a polyglot, an image and a page at once.
/// </summary>
internal static class ImageStructure
{
    public static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>What compressed text chunks may inflate to, all of them together (a file-wide budget, not one per chunk).</summary>
    private const int MaxInflatedText = 4 * 1024 * 1024;

    /// <summary>How many image directories a TIFF may chain (pages of a multi-page scan).</summary>
    private const int MaxTiffDirectories = 1000;
    private const string XmpKeyword = "XML:com.adobe.xmp";

    private delegate void Walker(ReadOnlySpan<byte> content, Found found);

    /// <summary>
    /// What a walk found that must be checked for markup: each text is scanned as soon as it is read and not kept (the
    /// first text with markup and the first XML with HTML or script are remembered). Parts of a file may point at the
    /// same bytes, so the text read (and, for a TIFF, the values read) must not add up to more than the file holds,
    /// and compressed text may not inflate to more than <see cref="MaxInflatedText"/> in all: either throws
    /// <see cref="InvalidDataException"/>, so a crafted file costs no more than its own size to check.
    /// </summary>
    private sealed class Found(int fileLength)
    {
        private long _read;
        private long _inflated;

        public string? MarkupIn { get; private set; }

        public string? ActiveMarkupIn { get; private set; }

        /// <summary>Counts <paramref name="bytes"/> of the file read (a directory, a field's text or values); more than the file's length is refused.</summary>
        public void Read(long bytes)
        {
            _read += bytes;
            if (_read > fileLength)
            {
                throw new InvalidDataException("its directories and fields reuse the same bytes (together they are larger than the file)");
            }
        }

        /// <summary>What is left of the file-wide budget for inflated text.</summary>
        public long InflateBudget => MaxInflatedText - _inflated;

        public void Inflated(long bytes) => _inflated += bytes;

        public void Text(string where, string text)
        {
            if (MarkupIn is null && EvidenceInspector.HasMarkup(text))
            {
                MarkupIn = where;
            }
        }

        public void Xml(string where, ReadOnlySpan<byte> xml)
        {
            if (ActiveMarkupIn is null && EvidenceInspector.HasActiveMarkup(xml))
            {
                ActiveMarkupIn = where;
            }
        }
    }

    public static EvidenceVerdict Png(ReadOnlySpan<byte> content) => Judge(content, "PNG", "image/png", WalkPng);

    public static EvidenceVerdict Jpeg(ReadOnlySpan<byte> content) => Judge(content, "JPEG", "image/jpeg", WalkJpeg);

    public static EvidenceVerdict Gif(ReadOnlySpan<byte> content) => Judge(content, "GIF", "image/gif", WalkGif);

    public static EvidenceVerdict WebP(ReadOnlySpan<byte> content) => Judge(content, "WebP", "image/webp", WalkWebP);

    public static EvidenceVerdict Tiff(ReadOnlySpan<byte> content) => Judge(content, "TIFF", "image/tiff", WalkTiff);

    private static EvidenceVerdict Judge(ReadOnlySpan<byte> content, string kind, string contentType, Walker walk)
    {
        if (EvidenceInspector.HasActiveMarkup(content))
        {
            return EvidenceInspector.Refuse("unsupported-type", $"The file starts like a {kind} image but carries HTML or script; it is not accepted.");
        }
        var found = new Found(content.Length);
        try
        {
            walk(content, found);
        }
        catch (InvalidDataException e)
        {
            return EvidenceInspector.Refuse("corrupt-file", $"The file starts like a {kind} image but is not a complete, well-formed one: {e.Message}.");
        }
        if (found.MarkupIn is { } where)
        {
            return EvidenceInspector.Refuse("unsupported-type", $"The {kind} image carries markup in its {where}; it is not accepted.");
        }
        if (found.ActiveMarkupIn is { } xmlWhere)
        {
            return EvidenceInspector.Refuse("unsupported-type", $"The {kind} image carries HTML or script in its {xmlWhere}; it is not accepted.");
        }
        return EvidenceInspector.Accept(contentType);
    }

    // PNG (ISO/IEC 15948): the signature, then chunks of length, type, data and CRC-32: IHDR first, IDAT, IEND last.
    private static void WalkPng(ReadOnlySpan<byte> content, Found found)
    {
        var position = PngSignature.Length;
        var first = true;
        var sawData = false;
        var sawPalette = false;
        byte colourType = 0;
        while (true)
        {
            if (position + 12 > content.Length)
            {
                throw new InvalidDataException("it ends without an IEND chunk (cut short?)");
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(content[position..]);
            var typeBytes = content.Slice(position + 4, 4);
            if (length > (uint)(content.Length - position - 12))
            {
                throw new InvalidDataException("a chunk runs past the end of the file (cut short?)");
            }
            foreach (var b in typeBytes)
            {
                if (!char.IsAsciiLetter((char)b))
                {
                    throw new InvalidDataException("a chunk has an invalid type");
                }
            }
            var type = Encoding.ASCII.GetString(typeBytes);
            var data = content.Slice(position + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(content[(position + 8 + (int)length)..]);
            if (System.IO.Hashing.Crc32.HashToUInt32(content.Slice(position + 4, 4 + (int)length)) != crc)
            {
                throw new InvalidDataException($"the {type} chunk fails its checksum");
            }
            if (first != (type == "IHDR"))
            {
                throw new InvalidDataException(first ? "it does not begin with an IHDR chunk" : "it has a second IHDR chunk");
            }
            position += 12 + (int)length;
            switch (type)
            {
                case "IHDR":
                    if (length != 13 || BinaryPrimitives.ReadUInt32BigEndian(data) == 0 || BinaryPrimitives.ReadUInt32BigEndian(data[4..]) == 0
                        || data[9] is not (0 or 2 or 3 or 4 or 6))
                    {
                        throw new InvalidDataException("its IHDR chunk is not a valid image header");
                    }
                    colourType = data[9];
                    break;
                case "PLTE":
                    sawPalette = true;
                    break;
                case "IDAT":
                    sawData = true;
                    break;
                case "IEND":
                    if (!sawData || (colourType == 3 && !sawPalette))
                    {
                        throw new InvalidDataException(sawData ? "its palette is missing" : "it has no image data");
                    }
                    if (position != content.Length)
                    {
                        throw new InvalidDataException("data follows the end of the image (IEND)");
                    }
                    return;
                case "tEXt":
                    PngText(data, compressed: false, international: false, found);
                    break;
                case "zTXt":
                    PngText(data, compressed: true, international: false, found);
                    break;
                case "iTXt":
                    PngText(data, compressed: false, international: true, found);
                    break;
                default:
                    // A critical chunk (upper-case first letter) a decoder does not know must stop it.
                    if (char.IsAsciiLetterUpper(type[0]))
                    {
                        throw new InvalidDataException($"it has an unknown critical chunk {type}");
                    }
                    break;
            }
            first = false;
        }
    }

    private static void PngText(ReadOnlySpan<byte> data, bool compressed, bool international, Found found)
    {
        var end = data.IndexOf((byte)0);
        if (end is < 1 or > 79)
        {
            throw new InvalidDataException("a text chunk has no valid keyword");
        }
        var keyword = Encoding.Latin1.GetString(data[..end]);
        var rest = data[(end + 1)..];
        Encoding encoding = Encoding.Latin1;
        if (international)
        {
            // compression flag, method, language tag\0, translated keyword\0, text (UTF-8)
            if (rest.Length < 2 || rest[0] > 1 || rest[1] != 0)
            {
                throw new InvalidDataException("an iTXt chunk has an invalid compression flag");
            }
            compressed = rest[0] == 1;
            rest = rest[2..];
            var language = rest.IndexOf((byte)0);
            var translated = language < 0 ? -1 : rest[(language + 1)..].IndexOf((byte)0);
            if (language < 0 || translated < 0)
            {
                throw new InvalidDataException("an iTXt chunk is cut short");
            }
            found.Text("text keyword", Encoding.UTF8.GetString(rest.Slice(language + 1, translated)));
            rest = rest[(language + 1 + translated + 1)..];
            encoding = Encoding.UTF8;
        }
        else if (compressed)
        {
            if (rest.Length < 1 || rest[0] != 0)
            {
                throw new InvalidDataException("a zTXt chunk has an unknown compression method");
            }
            rest = rest[1..];
        }
        var bytes = compressed ? Inflate(rest, found) : rest;
        found.Text("text keyword", keyword);
        if (keyword == XmpKeyword)
        {
            found.Xml("XMP metadata", bytes);
        }
        else
        {
            found.Text($"\"{keyword}\" text", encoding.GetString(bytes));
        }
    }

    private static byte[] Inflate(ReadOnlySpan<byte> compressed, Found found)
    {
        using var input = new ZLibStream(new MemoryStream(compressed.ToArray(), writable: false), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
            if (output.Length > found.InflateBudget)
            {
                throw new InvalidDataException($"its compressed text chunks inflate to more than {MaxInflatedText / (1024 * 1024)} MB in all");
            }
        }
        found.Inflated(output.Length);
        return output.ToArray();
    }

    // JPEG (ITU T.81): SOI, marker segments, a frame header, scans of entropy-coded data, EOI.
    private static void WalkJpeg(ReadOnlySpan<byte> content, Found found)
    {
        var position = 2;
        var sawFrame = false;
        var sawScan = false;
        while (true)
        {
            if (position >= content.Length)
            {
                throw new InvalidDataException("it ends without an end-of-image marker (cut short?)");
            }
            if (content[position] != 0xFF)
            {
                throw new InvalidDataException("a segment does not begin with a marker");
            }
            while (position < content.Length && content[position] == 0xFF)
            {
                position++; // fill bytes
            }
            if (position >= content.Length)
            {
                throw new InvalidDataException("it ends without an end-of-image marker (cut short?)");
            }
            var marker = content[position++];
            if (marker == 0xD9)
            {
                if (!sawScan)
                {
                    throw new InvalidDataException("it has no image data");
                }
                // Some cameras pad the file after EOI; anything else there (a page, an archive, a video) is refused.
                if (content[position..].IndexOfAnyExcept((byte)0x00, (byte)0xFF) >= 0)
                {
                    throw new InvalidDataException("data follows the end of the image (EOI)");
                }
                return;
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue; // markers with no segment
            }
            if (marker is 0x00 or 0xD8)
            {
                throw new InvalidDataException("it has a marker out of place");
            }
            if (position + 2 > content.Length)
            {
                throw new InvalidDataException("a segment is cut short");
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(content[position..]);
            if (length < 2 || position + length > content.Length)
            {
                throw new InvalidDataException("a segment runs past the end of the file (cut short?)");
            }
            var payload = content.Slice(position + 2, length - 2);
            position += length;
            switch (marker)
            {
                case (>= 0xC0 and <= 0xC3) or (>= 0xC5 and <= 0xC7) or (>= 0xC9 and <= 0xCB) or (>= 0xCD and <= 0xCF):
                    if (payload.Length < 6 || BinaryPrimitives.ReadUInt16BigEndian(payload[3..]) == 0)
                    {
                        throw new InvalidDataException("its frame header is not valid");
                    }
                    sawFrame = true;
                    break;
                case 0xFE:
                    found.Text("comment", Encoding.Latin1.GetString(payload));
                    break;
                case 0xDA:
                    if (!sawFrame)
                    {
                        throw new InvalidDataException("a scan comes before the frame header");
                    }
                    sawScan = true;
                    position = SkipEntropyCodedData(content, position);
                    break;
            }
        }
    }

    /// <summary>The position of the first marker after a scan's data (0xFF00 is a data byte, RSTn markers sit inside the data).</summary>
    private static int SkipEntropyCodedData(ReadOnlySpan<byte> content, int position)
    {
        while (true)
        {
            var next = content[position..].IndexOf((byte)0xFF);
            if (next < 0)
            {
                throw new InvalidDataException("it ends inside the image data (cut short?)");
            }
            position += next;
            if (position + 1 >= content.Length)
            {
                throw new InvalidDataException("it ends inside the image data (cut short?)");
            }
            var after = content[position + 1];
            if (after is 0x00 or (>= 0xD0 and <= 0xD7))
            {
                position += 2;
                continue;
            }
            if (after == 0xFF)
            {
                position++;
                continue;
            }
            return position;
        }
    }

    // GIF (87a/89a): the header, the logical screen descriptor and its colour table, blocks, and the trailer 0x3B.
    private static void WalkGif(ReadOnlySpan<byte> content, Found found)
    {
        if (content.Length < 13)
        {
            throw new InvalidDataException("it is shorter than a GIF header");
        }
        var position = 13 + ColourTableSize(content[10]);
        var sawImage = false;
        while (true)
        {
            if (position >= content.Length)
            {
                throw new InvalidDataException("it ends without the trailer (cut short?)");
            }
            var block = content[position++];
            switch (block)
            {
                case 0x3B:
                    if (!sawImage)
                    {
                        throw new InvalidDataException("it has no image");
                    }
                    if (position != content.Length)
                    {
                        throw new InvalidDataException("data follows the trailer");
                    }
                    return;
                case 0x2C:
                    if (position + 9 > content.Length)
                    {
                        throw new InvalidDataException("an image descriptor is cut short");
                    }
                    position += 9 + ColourTableSize(content[position + 8]);
                    if (position >= content.Length || content[position] is < 1 or > 11)
                    {
                        throw new InvalidDataException("an image has no valid LZW code size");
                    }
                    position++;
                    SubBlocks(content, ref position, null);
                    sawImage = true;
                    break;
                case 0x21:
                    if (position >= content.Length)
                    {
                        throw new InvalidDataException("an extension is cut short");
                    }
                    var label = content[position++];
                    using (var data = new MemoryStream())
                    {
                        SubBlocks(content, ref position, label is 0xFE or 0x01 ? data : null);
                        if (label == 0xFE)
                        {
                            found.Text("comment", Encoding.Latin1.GetString(data.GetBuffer(), 0, (int)data.Length));
                        }
                        else if (label == 0x01 && data.Length > 12)
                        {
                            found.Text("plain text", Encoding.Latin1.GetString(data.GetBuffer(), 12, (int)data.Length - 12));
                        }
                    }
                    break;
                default:
                    throw new InvalidDataException("it has a block of unknown kind");
            }
        }
    }

    private static int ColourTableSize(byte packed) => (packed & 0x80) != 0 ? 3 << ((packed & 0x07) + 1) : 0;

    private static void SubBlocks(ReadOnlySpan<byte> content, ref int position, MemoryStream? collect)
    {
        while (true)
        {
            if (position >= content.Length)
            {
                throw new InvalidDataException("a block ends without its terminator (cut short?)");
            }
            var size = content[position++];
            if (size == 0)
            {
                return;
            }
            if (position + size > content.Length)
            {
                throw new InvalidDataException("a data block runs past the end of the file (cut short?)");
            }
            collect?.Write(content.Slice(position, size));
            position += size;
        }
    }

    // WebP: a RIFF container whose size is the file's, with chunks (VP8, VP8L or VP8X first) padded to even lengths.
    private static void WalkWebP(ReadOnlySpan<byte> content, Found found)
    {
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(content[4..]);
        if (riffSize + 8L != content.Length)
        {
            throw new InvalidDataException(riffSize + 8L > content.Length ? "it is shorter than its RIFF header says (cut short?)" : "data follows the end of the image");
        }
        var position = 12;
        var first = true;
        var sawImage = false;
        while (position < content.Length)
        {
            if (position + 8 > content.Length)
            {
                throw new InvalidDataException("a chunk header is cut short");
            }
            var fourCc = content.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(content[(position + 4)..]);
            var padded = (long)size + (size & 1);
            if (padded > content.Length - position - 8)
            {
                throw new InvalidDataException("a chunk runs past the end of the file");
            }
            foreach (var b in fourCc)
            {
                if (b is < 0x20 or > 0x7E)
                {
                    throw new InvalidDataException("a chunk has an invalid name");
                }
            }
            var payload = content.Slice(position + 8, (int)size);
            var isVp8 = fourCc.SequenceEqual("VP8 "u8);
            var isVp8L = fourCc.SequenceEqual("VP8L"u8);
            if (first && !isVp8 && !isVp8L && !fourCc.SequenceEqual("VP8X"u8))
            {
                throw new InvalidDataException("it does not begin with a VP8, VP8L or VP8X chunk");
            }
            if (isVp8 && (payload.Length < 10 || !payload[3..6].SequenceEqual((ReadOnlySpan<byte>)[0x9D, 0x01, 0x2A])))
            {
                throw new InvalidDataException("its VP8 image data has no valid frame header");
            }
            if (isVp8L && (payload.Length < 5 || payload[0] != 0x2F))
            {
                throw new InvalidDataException("its VP8L image data has no valid signature");
            }
            if (fourCc.SequenceEqual("XMP "u8))
            {
                found.Xml("XMP metadata", payload);
            }
            sawImage |= isVp8 || isVp8L || fourCc.SequenceEqual("ANMF"u8);
            first = false;
            position += 8 + (int)padded;
        }
        if (!sawImage)
        {
            throw new InvalidDataException("it has no image data");
        }
    }

    // TIFF (6.0): a header pointing to a chain of image file directories whose fields and strips lie inside the file.
    private static void WalkTiff(ReadOnlySpan<byte> content, Found found)
    {
        var little = content[0] == 0x49;
        uint U32(ReadOnlySpan<byte> s, long at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s[(int)at..]) : BinaryPrimitives.ReadUInt32BigEndian(s[(int)at..]);
        ushort U16(ReadOnlySpan<byte> s, long at) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s[(int)at..]) : BinaryPrimitives.ReadUInt16BigEndian(s[(int)at..]);
        if (content.Length < 8)
        {
            throw new InvalidDataException("it is shorter than a TIFF header");
        }
        var directory = (long)U32(content, 4);
        var visited = new HashSet<long>();
        var firstDirectory = true;
        var tags = new HashSet<ushort>();
        while (directory != 0)
        {
            if (directory < 8 || directory + 2 > content.Length || !visited.Add(directory))
            {
                throw new InvalidDataException("an image directory lies outside the file or loops");
            }
            if (visited.Count > MaxTiffDirectories)
            {
                throw new InvalidDataException($"it has more than {MaxTiffDirectories} image directories");
            }
            var count = U16(content, directory);
            var end = directory + 2 + 12L * count;
            if (count == 0 || end + 4 > content.Length)
            {
                throw new InvalidDataException("an image directory is empty or cut short");
            }
            // Directories may not overlap: all of them together are no larger than the file.
            found.Read(2 + 12L * count + 4);
            var fields = new Dictionary<ushort, long[]>();
            tags.Clear();
            for (var i = 0; i < count; i++)
            {
                var entry = directory + 2 + 12L * i;
                var tag = U16(content, entry);
                if (!tags.Add(tag))
                {
                    throw new InvalidDataException($"an image directory has field {tag} twice");
                }
                var type = U16(content, entry + 2);
                var values = U32(content, entry + 4);
                int unit = type switch
                {
                    1 or 2 or 6 or 7 => 1,
                    3 or 8 => 2,
                    4 or 9 or 11 or 13 => 4,
                    5 or 10 or 12 => 8,
                    _ => 0, // a type this reader does not know: readers skip the field
                };
                if (unit == 0)
                {
                    continue;
                }
                var size = (long)values * unit;
                var at = size <= 4 ? entry + 8 : U32(content, entry + 8);
                if (at + size > content.Length)
                {
                    throw new InvalidDataException($"field {tag} points past the end of the file");
                }
                var readsValues = type == 2 || (firstDirectory && type is 3 or 4 && tag is 256 or 257 or 273 or 279 or 324 or 325);
                if (readsValues && size > 4)
                {
                    found.Read(size); // values kept in the entry itself were counted with its directory
                }
                if (type == 2)
                {
                    found.Text($"text field {tag}", Encoding.Latin1.GetString(content.Slice((int)at, (int)size)).TrimEnd('\0'));
                }
                if (readsValues && type != 2)
                {
                    if (values > 1_000_000)
                    {
                        throw new InvalidDataException($"field {tag} has more than a million values");
                    }
                    var read = new long[values];
                    for (var v = 0; v < values; v++)
                    {
                        read[v] = type == 3 ? U16(content, at + 2L * v) : U32(content, at + 4L * v);
                    }
                    fields[tag] = read;
                }
            }
            if (firstDirectory)
            {
                if (!fields.TryGetValue(256, out var width) || !fields.TryGetValue(257, out var height) || width is not [> 0] || height is not [> 0])
                {
                    throw new InvalidDataException("its first image has no width or height");
                }
                var (offsets, counts) = fields.TryGetValue(273, out var strips) ? (strips, fields.GetValueOrDefault((ushort)279))
                    : (fields.GetValueOrDefault((ushort)324), fields.GetValueOrDefault((ushort)325));
                if (offsets is null || counts is null || offsets.Length == 0 || offsets.Length != counts.Length)
                {
                    throw new InvalidDataException("its first image has no image data");
                }
                for (var s = 0; s < offsets.Length; s++)
                {
                    if (offsets[s] + counts[s] > content.Length)
                    {
                        throw new InvalidDataException("its image data runs past the end of the file (cut short?)");
                    }
                }
            }
            firstDirectory = false;
            directory = U32(content, end);
        }
        if (firstDirectory)
        {
            throw new InvalidDataException("it has no image directory");
        }
    }
}
