using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Oversight.Api.Tests;

/// <summary>
/// Bad input never answers 5xx: every route of the application (from the endpoint table, so new routes are covered
/// as they are added), with malformed Content-Type headers and malformed bodies, as each role; one rule for limits;
/// invisible and direction-changing characters; content sniffing of uploads.
/// </summary>
public sealed class MalformedRequestTests(OversightFactory factory, ITestOutputHelper output) : IClassFixture<OversightFactory>
{
    private static HttpContent Body(string text, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static HttpContent Multipart(string headerBoundary, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={headerBoundary}");
        return content;
    }

    private static string Part(string boundary, string name, string value, string? fileName = null) =>
        $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{(fileName is null ? "" : $"; filename=\"{fileName}\"")}\r\n\r\n{value}\r\n";

    /// <summary>The malformed bodies and headers every writing route gets.</summary>
    private static IEnumerable<(string Name, Func<HttpContent> Content)> Malformed()
    {
        foreach (var charset in new[] { "bogus", "utf-7", "", "\"\"", "latin1", "utf-16" })
        {
            yield return ($"json charset={charset}", () => Body("{}", $"application/json; charset={charset}"));
        }
        yield return ("content type garbage", () => Body("{}", "this is not/a media type;;;==="));
        yield return ("content type without subtype", () => Body("{}", "application"));
        yield return ("form charset bogus", () => Body("a=b", "application/x-www-form-urlencoded; charset=bogus"));
        const string b = "XyZ123boundary";
        yield return ("multipart truncated", () => Multipart(b, Part(b, "description", "x") + $"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7 and then nothing"));
        yield return ("multipart boundary mismatch", () => Multipart("NotTheBoundary", Part(b, "file", "%PDF-1.7\n%%EOF", "a.pdf") + $"--{b}--\r\n"));
        yield return ("multipart 5000 parts", () => Multipart(b, string.Concat(Enumerable.Range(0, 5000).Select(i => Part(b, $"f{i}", "v"))) + $"--{b}--\r\n"));
        var longBoundary = new string('q', 300);
        yield return ("multipart long boundary", () => Multipart(longBoundary, Part(longBoundary, "file", "%PDF-1.7", "a.pdf") + $"--{longBoundary}--\r\n"));
        yield return ("multipart without boundary", () => Body("--x\r\n", "multipart/form-data"));
        yield return ("json truncated", () => Body("{\"note\": \"x", "application/json"));
    }

    /// <summary>Every route that takes a body, with its parameters filled in.</summary>
    private IEnumerable<(string Method, string Url)> WritingRoutes()
    {
        var sources = factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["POST"];
            var template = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var url = template
                .Replace("{id}", Http.Rec("F1-R4")).Replace("{reportId}", Http.Report).Replace("{actionId}", "act-1")
                .Replace("{evidenceId}", "ev-1").Replace("{extensionId}", "ext-1").Replace("{username}", "ict").Replace("{code}", "ICT")
                .Replace("{unitCode}", "ICT").Replace("{documentName}", "v1").Replace("{**path}", "x");
            if (url.Contains('{'))
            {
                url = System.Text.RegularExpressions.Regex.Replace(url, "\\{[^}]+\\}", "x");
            }
            foreach (var method in methods.Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE"))
            {
                yield return (method, url);
            }
        }
    }

    [Fact]
    public async Task Every_writing_route_answers_malformed_headers_and_bodies_with_a_4xx_and_changes_nothing()
    {
        var users = new[] { "anonymous", "ict", "auditor", "admin" };
        var clients = new Dictionary<string, HttpClient>();
        foreach (var user in users)
        {
            clients[user] = await factory.ClientForAsync(user == "anonymous" ? null : user);
        }
        var auditor = clients["auditor"];
        var before = await SnapshotAsync(auditor);
        var routes = WritingRoutes().Distinct().ToArray();
        Assert.Contains(routes, r => r.Url == "/api/v1/auth/token");
        var failures = new List<string>();
        var sent = 0;
        foreach (var (method, url) in routes)
        {
            foreach (var (name, content) in Malformed())
            {
                foreach (var user in users)
                {
                    var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = content() };
                    // Each request from its own address, so sign-in rate limiting never stands in for the answer.
                    request.Headers.Add(OversightFactory.ClientAddressHeader, $"10.{sent / 65536 % 256}.{sent / 256 % 256}.{sent % 256}");
                    var response = await clients[user].SendAsync(request);
                    sent++;
                    var status = (int)response.StatusCode;
                    if (status >= 500)
                    {
                        failures.Add($"{method} {url} as {user}, {name}: {status} {Clip(await response.Content.ReadAsStringAsync())}");
                    }
                }
            }
        }
        output.WriteLine($"{sent} malformed requests to {routes.Length} routes");
        Assert.Empty(failures);
        Assert.Equal(before, await SnapshotAsync(auditor));
    }

    [Theory]
    [InlineData("application/json; charset=bogus", 415, "unsupported-charset")]
    [InlineData("application/json; charset=utf-7", 415, "unsupported-charset")]
    [InlineData("application/json; charset=", 415, "unsupported-charset")]
    [InlineData("application/json; charset=UTF-8", 401, "invalid-credentials")]
    [InlineData("application/json; charset=\"utf-8\"", 401, "invalid-credentials")]
    [InlineData("application/json", 401, "invalid-credentials")]
    [InlineData("not a media type", 400, "invalid-content-type")]
    public async Task The_anonymous_token_endpoint_checks_the_charset_before_reading(string contentType, int status, string code)
    {
        var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = Body("{\"username\":\"nobody\",\"password\":\"wrong-password\"}", contentType) };
        request.Headers.Add(OversightFactory.ClientAddressHeader, "192.0.2.44");
        var response = await client.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, (await response.JsonAsync())["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/v1/notifications?unit=ICT&limit=-5", "invalid-limit")]
    [InlineData("/api/v1/notifications?unit=ICT&limit=0", "invalid-limit")]
    [InlineData("/api/v1/notifications?unit=ICT&limit=100000", "invalid-limit")]
    [InlineData("/api/v1/notifications?unit=ICT&offset=-1", "invalid-offset")]
    [InlineData("/api/v1/activity?limit=-1", "invalid-limit")]
    [InlineData("/api/v1/activity?limit=500", "invalid-limit")]
    [InlineData("/api/v1/recommendations?limit=0", "invalid-limit")]
    [InlineData("/api/v1/recommendations?offset=-1", "invalid-offset")]
    [InlineData("/api/v1/board?unit=%00", "invalid-unit")]
    [InlineData("/api/v1/board?unit=ict", "invalid-unit")]
    [InlineData("/api/v1/board?reportId=%00", "invalid-report")]
    [InlineData("/api/v1/activity?unit=%E0%B8%81", "invalid-unit")]
    [InlineData("/api/v1/recommendations?unit=%00", "invalid-unit")]
    [InlineData("/api/v1/notifications?unit=%00", "invalid-unit")]
    [InlineData("/api/v1/audit-trail/verify?prefix=%00", "invalid-prefix")]
    public async Task Out_of_range_or_malformed_query_parameters_are_refused_the_same_way_everywhere(string url, string code)
    {
        var auditor = await factory.ClientForAsync("auditor");
        var response = await auditor.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.JsonAsync())["code"]!.GetValue<string>());
    }

    public static TheoryData<string> UnsafeText() => new()
    {
        "ปกติ\u202Eตัวหนังสือกลับทาง",      // right-to-left override
        "a\u2066isolate\u2069b",           // isolates
        "ซ่อน\u200Fเครื่องหมาย",             // right-to-left mark
        "tag\U000E0041\U000E0042",         // tag characters
        "non\uFDD0character",              // noncharacter
        "end\uFFFE",                       // noncharacter
        "a\u2060b",                        // word joiner
    };

    [Theory]
    [MemberData(nameof(UnsafeText))]
    public async Task Free_text_refuses_characters_that_change_the_display_without_being_seen(string text)
    {
        var id = Http.Rec("F1-R6");
        var ict = await factory.ClientForAsync("ict");
        var version = await ict.VersionAsync(id);
        var response = await ict.PostJsonAsync($"/api/v1/recommendations/{id}/comments", new { text, expectedVersion = version });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsafe-character", (await response.JsonAsync())["code"]!.GetValue<string>());
        Assert.Equal(version, await ict.VersionAsync(id));
    }

    [Theory]
    [InlineData("invoice\u202Efdp.exe")]
    [InlineData("report\u200B.pdf")]
    [InlineData("report\u200D.pdf")]
    [InlineData("a\u00ADb.pdf")]
    [InlineData("x\uE000.pdf")]
    [InlineData("x\U000E0020.pdf")]
    public async Task File_names_refuse_invisible_and_direction_changing_characters(string fileName)
    {
        var id = Http.Rec("F1-R6");
        var ict = await factory.ClientForAsync("ict");
        var version = await ict.VersionAsync(id);
        var response = await ict.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(Http.Pdf("x"), fileName, null, version));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsafe-character", (await response.JsonAsync())["code"]!.GetValue<string>());
        Assert.Equal(version, await ict.VersionAsync(id));
    }

    [Fact]
    public async Task Thai_text_with_its_marks_and_a_zero_width_space_still_works_and_display_names_refuse_overrides()
    {
        var id = Http.Rec("F1-R6");
        var ict = await factory.ClientForAsync("ict");
        const string thai = "ผู้ใช้งาน\u200Bพื้นที่ ๆ ธรรมาภิบาลข้อมูลภาครัฐ";
        var response = await ict.PostJsonAsync($"/api/v1/recommendations/{id}/comments", new { text = thai, expectedVersion = await ict.VersionAsync(id) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var detail = await ict.GetJsonAsync($"/api/v1/recommendations/{id}");
        Assert.Equal(thai, detail["comments"]!.AsArray()[^1]!["text"]!.GetValue<string>());
        var upload = await ict.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(Http.Pdf("thai name"), "รายงานผลการดำเนินงาน ปี ๒๕๖๘.pdf", null, await ict.VersionAsync(id)));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        var admin = await factory.ClientForAsync("admin");
        var user = await admin.PostJsonAsync("/api/v1/admin/users", new { username = "spoof", displayName = "ผู้ดูแล\u202Emetsys", role = "executive", password = "a-long-password-1" });
        Assert.Equal(HttpStatusCode.BadRequest, user.StatusCode);
        Assert.Equal("unsafe-character", (await user.JsonAsync())["code"]!.GetValue<string>());
    }

    public static TheoryData<string, string> NotWhatTheyClaim() => new()
    {
        { "<!DOCTYPE html>\n<html><body>a,b,c</body></html>", "page.csv" },
        { "name,value\n<html><script>alert(1)</script>,1\n", "list.csv" },
        { "a,b,c\n1,2,3\n</td><td>x,y,z\n", "table.csv" },
        { "<html><!-- %PDF-1.7 --></html>", "report.pdf" },
        { "  %PDF-1.7\n%%EOF", "report.pdf" },
        { "just one column\nand another line\n", "one.csv" },
        { "a,b,c\n1,2\n3,4,5,6\n", "ragged.csv" },
        { "GIF89a<html><script>alert(1)</script></html>", "photo.gif" },
        { "GIF89a/*<body onload=alert(1)>*/", "photo.gif" },
    };

    [Theory]
    [MemberData(nameof(NotWhatTheyClaim))]
    public async Task Uploads_are_judged_by_their_content_strictly(string content, string fileName)
    {
        var id = Http.Rec("F1-R6");
        var ict = await factory.ClientForAsync("ict");
        var version = await ict.VersionAsync(id);
        var response = await ict.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(Encoding.UTF8.GetBytes(content), fileName, null, version));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported-type", (await response.JsonAsync())["code"]!.GetValue<string>());
        Assert.Equal(version, await ict.VersionAsync(id));
    }

    [Fact]
    public async Task A_real_csv_is_accepted_as_csv()
    {
        var id = Http.Rec("F1-R6");
        var ict = await factory.ClientForAsync("ict");
        var csv = "จังหวัด,ผู้ลงทะเบียน,หมายเหตุ\nเชียงใหม่,120,\"มี, จุลภาค\"\nขอนแก่น,98,ค่า < 100\n";
        var response = await ict.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(Encoding.UTF8.GetBytes(csv), "figures.csv", null, await ict.VersionAsync(id)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var detail = await ict.GetJsonAsync($"/api/v1/recommendations/{id}");
        Assert.Equal("text/csv", detail["evidence"]!.AsArray()[^1]!["contentType"]!.GetValue<string>());
    }

    private static async Task<string> SnapshotAsync(HttpClient client)
    {
        var list = await client.GetJsonAsync("/api/v1/recommendations?limit=500");
        var builder = new StringBuilder();
        foreach (var item in list["items"]!.AsArray())
        {
            builder.Append(item!["id"]).Append(' ').Append(item["version"]).Append('\n');
        }
        var users = await (await Task.FromResult(client)).GetAsync("/api/v1/units");
        builder.Append(await users.Content.ReadAsStringAsync());
        return builder.ToString();
    }

    private static string Clip(string text) => text.Length > 300 ? text[..300] : text;
}
