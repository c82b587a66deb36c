using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Oversight.TestSupport.Evidence;

/// <summary>
/// Genuine files of every accepted evidence type, and the doctored ones an attacker would try, all made by code:
/// PNG, JPEG and WebP by SkiaSharp's encoders, GIF and TIFF from their specifications byte by byte, legacy Office
/// documents with <see cref="CompoundFileWriter"/>.
/// </summary>
public static class EvidenceSamples
{
    private static byte[] Encode(SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(4, 3, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0x1F, 0x6F, 0xB4));
            using var paint = new SKPaint { Color = SKColors.Orange };
            canvas.DrawRect(0, 0, 2, 2, paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    public static byte[] Png() => Encode(SKEncodedImageFormat.Png);

    public static byte[] Jpeg() => Encode(SKEncodedImageFormat.Jpeg);

    public static byte[] WebP() => Encode(SKEncodedImageFormat.Webp);

    /// <summary>
    /// A 1×1 GIF89a: the header, a logical screen of 1×1 with a two-colour global table (white, black), one image
    /// descriptor, LZW data with minimum code size 2 (clear, index 0, end: 0x44 0x01), and the trailer 0x3B.
    /// </summary>
    public static byte[] Gif(params byte[][] extensions) =>
    [
        .. "GIF89a"u8, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00,
        0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00,
        .. extensions.SelectMany(e => e),
        0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
        0x02, 0x02, 0x44, 0x01, 0x00,
        0x3B,
    ];

    /// <summary>A GIF comment extension (0x21 0xFE) holding <paramref name="text"/> in one sub-block.</summary>
    public static byte[] GifComment(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        return [0x21, 0xFE, (byte)bytes.Length, .. bytes, 0x00];
    }

    /// <summary>
    /// A 1×1 8-bit greyscale TIFF, little-endian, uncompressed: the header, one directory of nine fields (width,
    /// height, bits per sample, compression, photometric, strip offset, samples per pixel, rows per strip, strip byte
    /// count), no next directory, then the one pixel.
    /// </summary>
    public static byte[] Tiff() => Tiff([], []);

    /// <summary>
    /// <see cref="Tiff()"/> with <paramref name="extra"/> fields after the nine (a count of values, and the value itself
    /// or the offset of the values) and <paramref name="tail"/> after the pixel, at offset <see cref="TiffTail"/>(extra.Length).
    /// </summary>
    public static byte[] Tiff((ushort Tag, ushort Type, uint Count, uint Value)[] extra, byte[] tail)
    {
        var fields = 9 + extra.Length;
        const int directory = 8;
        var pixel = directory + 2 + fields * 12 + 4;
        var file = new byte[pixel + 1 + tail.Length];
        "II"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), directory);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(directory), (ushort)fields);
        (ushort Tag, ushort Type, uint Count, uint Value)[] entries =
        [
            (256, 3, 1, 1), (257, 3, 1, 1), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1), (273, 4, 1, (uint)pixel), (277, 3, 1, 1), (278, 3, 1, 1), (279, 4, 1, 1),
            .. extra,
        ];
        for (var i = 0; i < entries.Length; i++)
        {
            var at = file.AsSpan(directory + 2 + i * 12);
            BinaryPrimitives.WriteUInt16LittleEndian(at, entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(at[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(at[4..], entries[i].Count);
            if (entries[i].Type == 3 && entries[i].Count == 1)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(at[8..], (ushort)entries[i].Value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(at[8..], entries[i].Value);
            }
        }
        file[pixel] = 0x80;
        tail.CopyTo(file, pixel + 1);
        return file;
    }

    /// <summary>Where the tail of <see cref="Tiff(ValueTuple{ushort, ushort, uint, uint}[], byte[])"/> with <paramref name="extraFields"/> extra fields begins.</summary>
    public static uint TiffTail(int extraFields) => (uint)(8 + 2 + (9 + extraFields) * 12 + 4 + 1);

    /// <summary>
    /// A compound file whose <paramref name="count"/> directory entries are the root and storages with empty names,
    /// each storage with the first storage as its child and the next one as its right sibling: every storage is
    /// reached from every other, so a walk that does not notice would reach about count² entries.
    /// </summary>
    public static byte[] CompoundFileWithSharedStorages(int count)
    {
        var writer = new CompoundFileWriter();
        for (var i = 1; i < count; i++)
        {
            writer.Stream($"s{i}", []);
        }
        var bytes = writer.ToArray();
        var directory = (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(48)) + 1) * 512;
        for (var i = 1; i < count; i++)
        {
            var entry = bytes.AsSpan(directory + 128 * i, 128);
            entry[..64].Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(entry[64..], 2); // an empty name: just its terminator
            entry[66] = 1;                                            // a storage
            BinaryPrimitives.WriteUInt32LittleEndian(entry[68..], 0xFFFFFFFF);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[72..], i + 1 < count ? (uint)(i + 1) : 0xFFFFFFFF);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[76..], 1);
        }
        return bytes;
    }

    /// <summary><paramref name="png"/> with extra chunks (each with its CRC-32) inserted before IEND.</summary>
    public static byte[] PngWithChunks(byte[] png, params (string Type, byte[] Data)[] chunks)
    {
        var iend = png.Length - 12;
        using var result = new MemoryStream();
        result.Write(png, 0, iend);
        foreach (var (type, data) in chunks)
        {
            result.Write(PngChunk(type, data));
        }
        result.Write(png, iend, 12);
        return result.ToArray();
    }

    public static byte[] PngChunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>CRC-32 as PNG (and zip) use it: reflected polynomial 0xEDB88320, starting and ending inverted.</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }

    /// <summary>A PNG tEXt chunk's data: a keyword, a zero byte, Latin-1 text.</summary>
    public static byte[] PngText(string keyword, string text) => [.. Encoding.Latin1.GetBytes(keyword), 0, .. Encoding.Latin1.GetBytes(text)];

    /// <summary>A PNG zTXt chunk's data: a keyword, a zero byte, method 0, the text deflated in a zlib stream.</summary>
    public static byte[] PngCompressedText(string keyword, string text)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(Encoding.Latin1.GetBytes(text));
        }
        return [.. Encoding.Latin1.GetBytes(keyword), 0, 0, .. buffer.ToArray()];
    }

    /// <summary>A PNG iTXt chunk's data, uncompressed: keyword, flags, empty language and translated keyword, UTF-8 text.</summary>
    public static byte[] PngInternationalText(string keyword, string text) =>
        [.. Encoding.Latin1.GetBytes(keyword), 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(text)];

    /// <summary>The XMP packet a camera or an editor writes (XML, so it has tags).</summary>
    public const string Xmp = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:CreatorTool=\"Oversight tests\"/></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";

    /// <summary><paramref name="jpeg"/> with a comment segment (COM, 0xFFFE) right after SOI.</summary>
    public static byte[] JpegWithComment(byte[] jpeg, string comment)
    {
        var text = Encoding.ASCII.GetBytes(comment);
        var length = (ushort)(text.Length + 2);
        return [.. jpeg[..2], 0xFF, 0xFE, (byte)(length >> 8), (byte)length, .. text, .. jpeg[2..]];
    }

    /// <summary><paramref name="jpeg"/> with an XMP segment (APP1 with Adobe's namespace) right after SOI.</summary>
    public static byte[] JpegWithXmp(byte[] jpeg, string xmp)
    {
        var payload = Encoding.UTF8.GetBytes("http://ns.adobe.com/xap/1.0/\0" + xmp);
        var length = (ushort)(payload.Length + 2);
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg[2..]];
    }

    /// <summary>A Word 97 document: a WordDocument stream (its content is not read) and a summary stream.</summary>
    public static CompoundFileWriter WordDocument() => new CompoundFileWriter()
        .Stream("WordDocument", Filler(5000))
        .Stream("\u0005SummaryInformation", Filler(200));

    /// <summary>A BIFF8 workbook stream: BOF, one BoundSheet of type <paramref name="sheetType"/> (0 worksheet, 1 Excel 4.0 macro sheet), EOF.</summary>
    public static byte[] Biff8Workbook(byte sheetType)
    {
        var name = "Sheet1"u8.ToArray();
        byte[] boundSheet = [0, 0, 0, 0, 0x00, sheetType, (byte)name.Length, 0x00, .. name];
        return [.. Record(0x0809, new byte[16]), .. Record(0x0085, boundSheet), .. Record(0x000A, [])];

        static byte[] Record(ushort type, byte[] data) => [(byte)type, (byte)(type >> 8), (byte)data.Length, (byte)(data.Length >> 8), .. data];
    }

    /// <summary>A PowerPoint Document stream: a DocumentContainer (0x03E8) holding <paramref name="children"/> records.</summary>
    public static byte[] PowerPointDocument(params byte[][] children)
    {
        var body = children.SelectMany(c => c).ToArray();
        return [.. PowerPointRecord(0x000F, 0x03E8, body), .. PowerPointRecord(0x0000, 0x0FF5, new byte[28])];
    }

    /// <summary>A PowerPoint record: version and instance, type, length, data.</summary>
    public static byte[] PowerPointRecord(ushort versionAndInstance, ushort type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, versionAndInstance);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), type);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)data.Length);
        return [.. header, .. data];
    }

    /// <summary>Bytes that stand for a stream's content (the checks never read it).</summary>
    public static byte[] Filler(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

    /// <summary>A zip of text entries.</summary>
    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }
        return buffer.ToArray();
    }

    public const string DocxContentTypes = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

    public static byte[] Docx() => Zip(("[Content_Types].xml", DocxContentTypes), ("word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>"));
}
