using System.Text;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Domain.Evidence;
using Oversight.TestSupport.Evidence;
using static Oversight.TestSupport.Evidence.EvidenceSamples;

namespace Oversight.Domain.Tests.Evidence;

public sealed class EvidenceInspectorTests
{
    public static byte[] Pdf => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    public static byte[] WindowsExe => [.. "MZ"u8.ToArray(), 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, .. Encoding.ASCII.GetBytes("This program cannot be run in DOS mode. %PDF-1.4")];

    public static byte[] Docx => EvidenceSamples.Docx();

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Recognises_accepted_types_from_the_content(string name, byte[] content, string expected)
    {
        var verdict = EvidenceInspector.Inspect(content, name);
        Assert.True(verdict.Accepted, verdict.Error?.Detail);
        Assert.Equal(expected, verdict.ContentType);
    }

    public static TheoryData<string, byte[], string> Accepted() => new()
    {
        { "a.pdf", Pdf, "application/pdf" },
        { "renamed.txt", Pdf, "application/pdf" },
        { "a.png", Png(), "image/png" },
        { "a.jpg", Jpeg(), "image/jpeg" },
        { "a.gif", Gif(), "image/gif" },
        { "a.webp", WebP(), "image/webp" },
        { "a.tif", Tiff(), "image/tiff" },
        // What cameras, editors and screenshot tools write beside the pixels: plain text, and XMP (XML) metadata.
        { "screenshot.png", PngWithChunks(Png(), ("tEXt", PngText("Software", "Oversight tests 1.0")), ("zTXt", PngCompressedText("Comment", "ภาพหน้าจอ 5 > 3")),
            ("iTXt", PngInternationalText("XML:com.adobe.xmp", Xmp))), "image/png" },
        { "photo.jpg", JpegWithXmp(JpegWithComment(Jpeg(), "Created with GIMP"), Xmp), "image/jpeg" },
        { "commented.gif", Gif(GifComment("Drawn by hand, 1 x 1")), "image/gif" },
        { "padded.jpg", [.. Jpeg(), 0x00, 0x00, 0x00, 0x00], "image/jpeg" },
        { "a.docx", Docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "a.xlsx", Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        { "a.pptx", Zip(("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p/>")), "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
        { "a.odt", Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")), "application/vnd.oasis.opendocument.text" },
        { "a.doc", WordDocument().ToArray(), "application/msword" },
        { "renamed.bin", WordDocument().ToArray(), "application/msword" },
        { "big.doc", WordDocument().Stream("1Table", Filler(70_000)).Stream("Data", Filler(9_000)).ToArray(), "application/msword" },
        { "a.xls", new CompoundFileWriter().Stream("Workbook", Biff8Workbook(sheetType: 0)).ToArray(), "application/vnd.ms-excel" },
        { "a.ppt", new CompoundFileWriter().Stream("PowerPoint Document", PowerPointDocument(PowerPointRecord(0x0001, 0x03E9, new byte[40]))).Stream("Current User", Filler(40)).ToArray(), "application/vnd.ms-powerpoint" },
        { "a.csv", Encoding.UTF8.GetBytes("จังหวัด,ผู้ใช้งาน\nกรุงเทพมหานคร,12\n"), "text/csv" },
        { "bom.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("a;b\n1;2\n")], "text/csv" },
    };

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("gif")]
    [InlineData("webp")]
    public void The_genuine_image_samples_are_real_images(string kind)
    {
        // The samples the checks accept are images a real decoder reads (SkiaSharp), not bytes shaped to pass.
        var bytes = kind switch { "png" => Png(), "jpeg" => Jpeg(), "gif" => Gif(GifComment("x")), _ => WebP() };
        using var bitmap = SkiaSharp.SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.True(bitmap.Width > 0 && bitmap.Height > 0);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_what_is_not_acceptable_evidence_whatever_its_name(string name, byte[] content, string code)
    {
        var verdict = EvidenceInspector.Inspect(content, name);
        Assert.False(verdict.Accepted);
        Assert.Null(verdict.ContentType);
        Assert.Equal(code, verdict.Error!.Code);
    }

    public static TheoryData<string, byte[], string> Refused() => new()
    {
        { "report.pdf", WindowsExe, "executable-refused" },
        { "report.pdf", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0], "executable-refused" },
        { "data.csv", Encoding.ASCII.GetBytes("#!/bin/sh\nrm -rf /\n"), "executable-refused" },
        { "empty.pdf", [], "empty-file" },
        { "macro.docx", Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>"), ("word/vbaProject.bin", "x")), "macro-refused" },
        { "archive.zip", Zip(("readme.txt", "hello")), "unsupported-type" },
        { "page.csv", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "unsupported-type" },
        { "latin1.csv", [0x61, 0x2C, 0xE9, 0xFF, 0x0A], "unsupported-type" },
        { "blob.bin", [0x00, 0x01, 0x02, 0x03, 0x04], "unsupported-type" },
        { "broken.docx", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3], "corrupt-file" },
        // An HTML page whose first line has commas is not a CSV; nor is a page hiding "%PDF-" in a comment.
        { "page.csv", Encoding.UTF8.GetBytes("a,b,c\n<html><body>x,y,z</body></html>\n"), "unsupported-type" },
        { "report.pdf", Encoding.UTF8.GetBytes("<html><!-- %PDF-1.7 --></html>"), "unsupported-type" },
        { "late.pdf", Encoding.UTF8.GetBytes("\n%PDF-1.7\n%%EOF"), "unsupported-type" },
        { "ragged.csv", Encoding.UTF8.GetBytes("a,b,c\n1,2\n"), "unsupported-type" },
        { "one-column.csv", Encoding.UTF8.GetBytes("a\nb\nc\n"), "unsupported-type" },
        { "one-row.csv", Encoding.UTF8.GetBytes("a,b,c\n"), "unsupported-type" },
        { "quote.csv", Encoding.UTF8.GetBytes("a,b\n\"unterminated,2\n"), "unsupported-type" },
        // A PDF is its header and its end: a version, and %%EOF at the end (cut short in transfer, it has none).
        { "cut.pdf", Pdf[..^8], "corrupt-file" },
        { "noversion.pdf", Encoding.ASCII.GetBytes("%PDF-\n%%EOF\n"), "corrupt-file" },
    };

    /// <summary>Images: the first bytes of an image are not an image. Pages dressed as images, and images cut short.</summary>
    public static TheoryData<string, byte[], string> ImagesThatAreNot() => new()
    {
        { "GIF header, then a page", Encoding.ASCII.GetBytes("GIF89a<html><script>alert(1)</script></html>"), "unsupported-type" },
        { "GIF header, then a page without script", Encoding.ASCII.GetBytes("GIF89a/*<body onload=alert(1)>*/"), "unsupported-type" },
        { "GIF with a page after its trailer", [.. Gif(), .. "<html><script>alert(1)</script>"u8], "unsupported-type" },
        { "GIF with a script in a comment", Gif(GifComment("<script>alert(1)</script>")), "unsupported-type" },
        { "GIF with a link in a comment", Gif(GifComment("<a href=//evil.example>x</a>")), "unsupported-type" },
        { "GIF with bytes after its trailer", [.. Gif(), .. "PK\u0003\u0004"u8], "corrupt-file" },
        { "GIF without its trailer", Gif()[..^1], "corrupt-file" },
        { "GIF header only", Encoding.ASCII.GetBytes("GIF89a...."), "corrupt-file" },
        { "PNG with a script in a text chunk", PngWithChunks(Png(), ("tEXt", PngText("Comment", "<script>alert(1)</script>"))), "unsupported-type" },
        { "PNG with markup in a compressed text chunk", PngWithChunks(Png(), ("zTXt", PngCompressedText("Comment", "<a href=\"javascript:alert(1)\">open</a>"))), "unsupported-type" },
        { "PNG with a page in its XMP", PngWithChunks(Png(), ("iTXt", PngInternationalText("XML:com.adobe.xmp", Xmp.Replace("<rdf:RDF", "<html><body><rdf:RDF")))), "unsupported-type" },
        { "PNG with a page after IEND", [.. Png(), .. "<!DOCTYPE html><p>x"u8], "unsupported-type" },
        { "PNG with bytes after IEND", [.. Png(), 1, 2, 3], "corrupt-file" },
        { "PNG cut short", Png()[..^12], "corrupt-file" },
        { "PNG cut in its data", Png()[..40], "corrupt-file" },
        { "PNG with a damaged chunk", Damage(Png(), 40), "corrupt-file" },
        { "PNG signature and IHDR only", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52], "corrupt-file" },
        { "JPEG with a page in a comment", JpegWithComment(Jpeg(), "<html><body>hello</body></html>"), "unsupported-type" },
        { "JPEG with a link in a comment", JpegWithComment(Jpeg(), "see <a href=x>here</a>"), "unsupported-type" },
        { "JPEG with a script in its XMP", JpegWithXmp(Jpeg(), Xmp.Replace("</rdf:RDF>", "<script>alert(1)</script></rdf:RDF>")), "unsupported-type" },
        { "JPEG without EOI", Jpeg()[..^2], "corrupt-file" },
        { "JPEG cut in its data", Jpeg()[..(Jpeg().Length / 2)], "corrupt-file" },
        { "JPEG with an archive after EOI", [.. Jpeg(), .. Zip(("a.txt", "x"))], "corrupt-file" },
        { "JPEG markers only", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "corrupt-file" },
        { "WebP header only", [.. "RIFF"u8, 1, 2, 3, 4, .. "WEBP"u8, .. "VP8 "u8], "corrupt-file" },
        { "WebP cut short", WebP()[..^4], "corrupt-file" },
        { "WebP with a page after it", [.. WebP(), .. "<html>"u8], "unsupported-type" },
        { "TIFF header only", [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], "corrupt-file" },
        { "TIFF cut short", Tiff()[..^1], "corrupt-file" },
    };

    [Theory]
    [MemberData(nameof(ImagesThatAreNot))]
    public void Images_are_judged_by_their_whole_structure_and_carry_no_markup(string what, byte[] content, string code)
    {
        var verdict = EvidenceInspector.Inspect(content, "image" + Path.GetExtension(what));
        Assert.False(verdict.Accepted, $"{what} was accepted as {verdict.ContentType}");
        Assert.Equal(code, verdict.Error!.Code);
    }

    /// <summary>
    /// Parts that point at the same bytes again and again, or compressed text that inflates far beyond the file: each
    /// would cost many times the file's size to check, so each is refused as corrupt.
    /// </summary>
    public static TheoryData<string, byte[], string> ImagesThatAmplify()
    {
        // 200 text fields (distinct tags) all pointing at the same 1,000 bytes: 200 KB of text from a 3.4 KB file.
        var sharedText = Enumerable.Range(0, 200).Select(i => ((ushort)(1000 + i), (ushort)2, 1000u, TiffTail(200))).ToArray();
        // Six compressed text chunks of a million characters each (about 1 KB each compressed): 6 MB of text.
        var inflating = Enumerable.Range(0, 6).Select(i => ("zTXt", PngCompressedText($"Comment{i}", new string('a', 1_000_000)))).ToArray();
        return new()
        {
            { "TIFF whose text fields share their bytes", Tiff(sharedText, Enumerable.Repeat((byte)'a', 1000).ToArray()), "corrupt-file" },
            { "TIFF with its strip offsets twice", Tiff([(273, 4, 1, TiffTail(1))], new byte[4]), "corrupt-file" },
            { "PNG whose compressed texts inflate to 6 MB", PngWithChunks(Png(), inflating), "corrupt-file" },
        };
    }

    [Theory]
    [MemberData(nameof(ImagesThatAmplify))]
    public void Images_whose_parts_amplify_past_their_size_are_refused_as_corrupt(string what, byte[] content, string code)
    {
        var verdict = EvidenceInspector.Inspect(content, "image" + Path.GetExtension(what));
        Assert.False(verdict.Accepted, $"{what} was accepted as {verdict.ContentType}");
        Assert.Equal(code, verdict.Error!.Code);
    }

    [Fact]
    public void Images_with_text_that_fits_the_budgets_are_accepted()
    {
        var texts = Enumerable.Range(0, 3).Select(i => ("zTXt", PngCompressedText($"Comment{i}", new string('a', 1_000_000)))).ToArray();
        Assert.Equal("image/png", EvidenceInspector.Inspect(PngWithChunks(Png(), texts), "a.png").ContentType);
        var described = Tiff([(270, 2, 1000, TiffTail(1))], Enumerable.Repeat((byte)'a', 1000).ToArray());
        Assert.Equal("image/tiff", EvidenceInspector.Inspect(described, "a.tif").ContentType);
    }

    /// <summary>Office documents: macros wherever a format keeps them, and containers that do not hold together.</summary>
    public static TheoryData<string, byte[], string> OfficeThatIsNot() => new()
    {
        { "Word document with a VBA project", WordDocument().Stream("Macros/VBA/_VBA_PROJECT", Filler(300)).Stream("Macros/VBA/dir", Filler(500)).Stream("Macros/PROJECT", Filler(100)).ToArray(), "macro-refused" },
        { "Word document with a large VBA project", WordDocument().Stream("Macros/VBA/_VBA_PROJECT", Filler(6000)).ToArray(), "macro-refused" },
        { "Word document with only a Macros storage", WordDocument().Stream("Macros/PROJECTwm", Filler(60)).ToArray(), "macro-refused" },
        { "workbook with a VBA project", new CompoundFileWriter().Stream("Workbook", Biff8Workbook(0)).Stream("_VBA_PROJECT_CUR/VBA/_VBA_PROJECT", Filler(300)).ToArray(), "macro-refused" },
        { "workbook with an Excel 4.0 macro sheet", new CompoundFileWriter().Stream("Workbook", Biff8Workbook(sheetType: 1)).ToArray(), "macro-refused" },
        { "presentation with a VBA project", new CompoundFileWriter().Stream("PowerPoint Document", PowerPointDocument(PowerPointRecord(0x000F, 0x07D0, PowerPointRecord(0x000F, 0x03FF, PowerPointRecord(0x0002, 0x0400, new byte[12]))))).ToArray(), "macro-refused" },
        { "compound file with no Office stream (an installer)", new CompoundFileWriter().Stream("\u4840\u3B3F\u4577", Filler(5000)).ToArray(), "unsupported-type" },
        { "compound file header only", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "corrupt-file" },
        { "compound file cut short", WordDocument().ToArray()[..1536], "corrupt-file" },
        { "docx declaring a macro-enabled main part", Zip(("[Content_Types].xml", DocxContentTypes.Replace("wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml")), ("word/document.xml", "<w/>")), "macro-refused" },
        { "xlsx with an Excel 4.0 macro sheet", Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"), ("xl/macrosheets/sheet1.xml", "<xm:macrosheet/>")), "macro-refused" },
        { "docx with VBA data", Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>"), ("word/vbaData.xml", "<wne:vbaSuppData/>")), "macro-refused" },
        { "odt with a Basic macro", Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>"), ("Basic/Standard/Module1.xml", "<script:module/>")), "macro-refused" },
        { "docx without content types", Zip(("word/document.xml", "<w/>")), "unsupported-type" },
        { "docx whose content types do not parse", Zip(("[Content_Types].xml", "<Types"), ("word/document.xml", "<w/>")), "corrupt-file" },
        { "docx with two content types parts", Zip(("[Content_Types].xml", "<Types/>"), ("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")), "corrupt-file" },
        { "odt with no content", Zip(("mimetype", "application/vnd.oasis.opendocument.text")), "unsupported-type" },
    };

    [Theory]
    [MemberData(nameof(OfficeThatIsNot))]
    public void Office_documents_are_read_through_and_refused_with_macros(string what, byte[] content, string code)
    {
        var verdict = EvidenceInspector.Inspect(content, "document.doc");
        Assert.False(verdict.Accepted, $"{what} was accepted as {verdict.ContentType}");
        Assert.Equal(code, verdict.Error!.Code);
    }

    private static byte[] Damage(byte[] content, int at)
    {
        var copy = content.ToArray();
        copy[at] ^= 0x55;
        return copy;
    }

    [Theory]
    [InlineData("ชื่อ,จำนวน\r\nก,1\r\nข,2\r\n")]
    [InlineData("a\tb\n1\t2\n")]
    [InlineData("a;b\n1;2\n")]
    [InlineData("name,note\n\"x\",\"มี, จุลภาค และ \"\"อัญประกาศ\"\"\"\nz,ค่า < 5\n")]
    public void Consistent_delimited_utf8_text_is_a_csv(string text) =>
        Assert.Equal("text/csv", EvidenceInspector.Inspect(Encoding.UTF8.GetBytes(text), "x.csv").ContentType);

    [Fact]
    public void Files_over_25_MB_are_refused_as_too_large()
    {
        var content = new byte[EvidenceInspector.MaxBytes + 1];
        Pdf.CopyTo(content, 0);
        "%%EOF\n"u8.CopyTo(content.AsSpan((int)EvidenceInspector.MaxBytes - 6)); // the end of the largest accepted file
        var verdict = EvidenceInspector.Inspect(content, "big.pdf");
        Assert.Equal(ErrorKind.TooLarge, verdict.Error!.Kind);
        Assert.True(EvidenceInspector.Inspect(content.AsSpan(0, (int)EvidenceInspector.MaxBytes), "max.pdf").Accepted);
    }

    [Theory]
    [InlineData("C:\\Users\\x\\หลักฐาน.pdf", "หลักฐาน.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("a\u0000b<c>.pdf", "abc.pdf")]
    [InlineData("...", "evidence")]
    [InlineData(null, "evidence")]
    public void File_names_are_reduced_to_a_safe_display_name(string? input, string expected) =>
        Assert.Equal(expected, EvidenceInspector.CleanFileName(input));
}
