using System.Net;
using Oversight.TestSupport.Evidence;
using static Oversight.TestSupport.Evidence.EvidenceSamples;

namespace Oversight.Api.Tests;

/// <summary>
/// Uploads are judged by their whole structure through the API: genuine files of each type are stored under their real
/// type; pages dressed as images, images cut short and Office documents with macros are a 400 with the reason's code
/// and change nothing. (The checks themselves, case by case: Domain.Tests' EvidenceInspectorTests.)
/// </summary>
public sealed class EvidenceContentTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private static readonly string Id = Http.Rec("F1-R6");

    public static TheoryData<string, byte[], string> Genuine() => new()
    {
        { "ภาพถ่าย.png", PngWithChunks(Png(), ("tEXt", PngText("Software", "Oversight tests")), ("iTXt", PngInternationalText("XML:com.adobe.xmp", Xmp))), "image/png" },
        { "ภาพถ่าย.jpg", JpegWithXmp(Jpeg(), Xmp), "image/jpeg" },
        { "แผนภาพ.gif", Gif(GifComment("1 x 1")), "image/gif" },
        { "ภาพ.webp", WebP(), "image/webp" },
        { "สแกน.tif", Tiff(), "image/tiff" },
        { "บันทึก.doc", WordDocument().ToArray(), "application/msword" },
        { "ตาราง.xls", new CompoundFileWriter().Stream("Workbook", Biff8Workbook(sheetType: 0)).ToArray(), "application/vnd.ms-excel" },
        { "บันทึก.docx", Docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
    };

    [Theory]
    [MemberData(nameof(Genuine))]
    public async Task Genuine_files_of_each_type_are_stored_under_their_real_type(string fileName, byte[] content, string contentType)
    {
        var ict = await factory.ClientForAsync("ict");
        var response = await ict.PostAsync($"/api/v1/recommendations/{Id}/evidence", Http.Upload(content, fileName, null, await ict.VersionAsync(Id)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var evidenceId = (await response.JsonAsync())["createdId"]!.GetValue<string>();
        var stored = (await ict.GetJsonAsync($"/api/v1/recommendations/{Id}"))["evidence"]!.AsArray().Single(e => e!["id"]!.GetValue<string>() == evidenceId)!;
        Assert.Equal(contentType, stored["contentType"]!.GetValue<string>());
    }

    public static TheoryData<string, byte[], string> NotWhatTheyClaim() => new()
    {
        { "gif-then-page.gif", [.. Gif(), .. "<html><script>alert(1)</script></html>"u8], "unsupported-type" },
        { "script-chunk.png", PngWithChunks(Png(), ("tEXt", PngText("Comment", "<script>alert(1)</script>"))), "unsupported-type" },
        { "link-comment.jpg", JpegWithComment(Jpeg(), "<a href=//evil.example>x</a>"), "unsupported-type" },
        { "truncated.png", Png()[..^12], "corrupt-file" },
        { "no-eoi.jpg", Jpeg()[..^2], "corrupt-file" },
        { "macros.doc", WordDocument().Stream("Macros/VBA/_VBA_PROJECT", Filler(300)).Stream("Macros/VBA/dir", Filler(200)).ToArray(), "macro-refused" },
        { "macros.xls", new CompoundFileWriter().Stream("Workbook", Biff8Workbook(sheetType: 1)).ToArray(), "macro-refused" },
        { "installer.doc", new CompoundFileWriter().Stream("\u4840\u3B3F\u4577", Filler(5000)).ToArray(), "unsupported-type" },
    };

    [Theory]
    [MemberData(nameof(NotWhatTheyClaim))]
    public async Task Files_that_are_not_what_they_claim_are_refused_and_change_nothing(string fileName, byte[] content, string code)
    {
        var ict = await factory.ClientForAsync("ict");
        var version = await ict.VersionAsync(Id);
        var response = await ict.PostAsync($"/api/v1/recommendations/{Id}/evidence", Http.Upload(content, fileName, null, version));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.JsonAsync())["code"]!.GetValue<string>());
        Assert.Equal(version, await ict.VersionAsync(Id));
    }
}
