using System.IO.Compression;
using System.Text;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Domain.Evidence;

namespace Oversight.Domain.Tests.Evidence;

public sealed class EvidenceInspectorTests
{
    public static byte[] Pdf => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    public static byte[] Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    public static byte[] WindowsExe => [.. "MZ"u8.ToArray(), 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, .. Encoding.ASCII.GetBytes("This program cannot be run in DOS mode. %PDF-1.4")];

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

    public static byte[] Docx => Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"));

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
        { "a.png", Png, "image/png" },
        { "a.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "image/jpeg" },
        { "a.gif", Encoding.ASCII.GetBytes("GIF89a...."), "image/gif" },
        { "a.webp", [.. "RIFF"u8.ToArray(), 1, 2, 3, 4, .. "WEBP"u8.ToArray(), .. "VP8 "u8.ToArray()], "image/webp" },
        { "a.docx", Docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "a.xlsx", Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        { "a.pptx", Zip(("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p/>")), "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
        { "a.odt", Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")), "application/vnd.oasis.opendocument.text" },
        { "a.doc", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "application/msword" },
        { "a.csv", Encoding.UTF8.GetBytes("จังหวัด,ผู้ใช้งาน\nกรุงเทพมหานคร,12\n"), "text/csv" },
        { "bom.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("a;b\n1;2\n")], "text/csv" },
    };

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
        { "thing.bin", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "unsupported-type" },
        { "broken.docx", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3], "corrupt-file" },
        // An HTML page whose first line has commas is not a CSV; nor is a page hiding "%PDF-" in a comment.
        { "page.csv", Encoding.UTF8.GetBytes("a,b,c\n<html><body>x,y,z</body></html>\n"), "unsupported-type" },
        { "report.pdf", Encoding.UTF8.GetBytes("<html><!-- %PDF-1.7 --></html>"), "unsupported-type" },
        { "late.pdf", Encoding.UTF8.GetBytes("\n%PDF-1.7\n%%EOF"), "unsupported-type" },
        { "ragged.csv", Encoding.UTF8.GetBytes("a,b,c\n1,2\n"), "unsupported-type" },
        { "one-column.csv", Encoding.UTF8.GetBytes("a\nb\nc\n"), "unsupported-type" },
        { "one-row.csv", Encoding.UTF8.GetBytes("a,b,c\n"), "unsupported-type" },
        { "quote.csv", Encoding.UTF8.GetBytes("a,b\n\"unterminated,2\n"), "unsupported-type" },
    };

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
