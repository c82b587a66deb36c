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

    /// <summary>Malformed Content-Type headers: every route answers them with a 4xx, whatever its method.</summary>
    private static IEnumerable<(string Name, Func<HttpContent> Content)> MalformedHeaders()
    {
        foreach (var charset in new[] { "bogus", "utf-7", "", "\"\"", "latin1", "utf-16" })
        {
            yield return ($"json charset={charset}", () => Body("{}", $"application/json; charset={charset}"));
        }
        yield return ("content type garbage", () => Body("{}", "this is not/a media type;;;==="));
        yield return ("content type without subtype", () => Body("{}", "application"));
        yield return ("form charset bogus", () => Body("a=b", "application/x-www-form-urlencoded; charset=bogus"));
        yield return ("multipart charset utf-7", () => Body("--b\r\n", "multipart/form-data; boundary=b; charset=utf-7"));
    }

    private const string Boundary = "XyZ123boundary";

    private static string FivethousandParts(string boundary) =>
        string.Concat(Enumerable.Range(0, 5000).Select(i => Part(boundary, $"f{i}", "v"))) + $"--{boundary}--\r\n";

    /// <summary>Malformed bodies under a well-formed header: every route that takes a body answers them with a 4xx.</summary>
    private static IEnumerable<(string Name, Func<HttpContent> Content)> MalformedBodies()
    {
        const string b = Boundary;
        yield return ("multipart truncated", () => Multipart(b, Part(b, "description", "x") + $"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7 and then nothing"));
        yield return ("multipart boundary mismatch", () => Multipart("NotTheBoundary", Part(b, "file", "%PDF-1.7\n%%EOF", "a.pdf") + $"--{b}--\r\n"));
        yield return ("multipart 5000 parts", () => Multipart(b, FivethousandParts(b)));
        var longBoundary = new string('q', 300);
        yield return ("multipart long boundary", () => Multipart(longBoundary, Part(longBoundary, "file", "%PDF-1.7", "a.pdf") + $"--{longBoundary}--\r\n"));
        yield return ("multipart without boundary", () => Body("--x\r\n", "multipart/form-data"));
        yield return ("json truncated", () => Body("{\"note\": \"x", "application/json"));
        yield return ("json not an object", () => Body("[1,2,3]", "application/json"));
        yield return ("json invalid utf-8", () => new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']) { Headers = { { "Content-Type", "application/json" } } });
        yield return ("form urlencoded garbage", () => Body("%%%=&&==%zz", "application/x-www-form-urlencoded"));
    }

    /// <summary>
    /// Every route of the endpoint table with its parameters filled in, with its methods (a page answers GET and POST),
    /// whether it reads a request body (a declared JSON body, a documented form it reads itself, a page's form) and
    /// whether it is a page.
    /// </summary>
    private IEnumerable<(string Method, string Url, bool TakesBody, bool Page)> Routes()
    {
        var sources = factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var page = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is not null;
            var takesBody = page || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is not null
                || endpoint.Metadata.GetMetadata<Oversight.Web.Hosting.DocumentedBody>() is not null;
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            foreach (var method in methods)
            {
                yield return (method, Fill(endpoint.RoutePattern.RawText ?? ""), takesBody && Writes(method), page);
            }
        }
    }

    private static string Fill(string template)
    {
        var url = ("/" + template.TrimStart('/'))
            .Replace("{id}", Http.Rec("F1-R4")).Replace("{reportId}", Http.Report).Replace("{actionId}", "act-1")
            .Replace("{evidenceId}", "ev-1").Replace("{extensionId}", "ext-1").Replace("{username}", "ict").Replace("{code}", "ICT")
            .Replace("{unitCode}", "ICT").Replace("{documentName}", "v1").Replace("{documentName?}", "").Replace("{**path}", "x")
            .Replace("{file}", "observations.csv").Replace("{name}", "overdue");
        return url.Contains('{') ? System.Text.RegularExpressions.Regex.Replace(url, "\\{[^}]+\\}", "x") : url;
    }

    private static bool Writes(string method) => method is "POST" or "PUT" or "PATCH" or "DELETE";

    [Fact]
    public async Task Every_route_answers_malformed_headers_and_bodies_with_a_4xx_and_changes_nothing()
    {
        var users = new[] { "anonymous", "ict", "auditor", "admin" };
        var clients = new Dictionary<string, HttpClient>();
        foreach (var user in users)
        {
            clients[user] = await factory.ClientForAsync(user == "anonymous" ? null : user);
        }
        var auditor = clients["auditor"];
        var before = await SnapshotAsync(auditor);
        var routes = Routes().Where(r => r.Url != "/metrics" && !r.Url.StartsWith("/hubs/", StringComparison.Ordinal)).Distinct().ToArray();
        Assert.Contains(routes, r => r.Url == "/api/v1/auth/token" && r.TakesBody);
        Assert.Contains(routes, r => r.Url.EndsWith("/evidence", StringComparison.Ordinal) && r.TakesBody);
        Assert.Contains(routes, r => r is { Method: "GET", Url: "/api/v1/board/" });
        // A write that reads no body (starting a job, rebuilding the read model) has no body to find malformed: only its headers are refused.
        output.WriteLine("Writes without a body: " + string.Join(", ", routes.Where(r => Writes(r.Method) && !r.TakesBody && !r.Page).Select(r => $"{r.Method} {r.Url}")));
        var failures = new List<string>();
        var sent = 0;
        foreach (var (method, url, takesBody, page) in routes)
        {
            // A body is meaningless to a GET: its malformed headers must still be refused, and its body must not break it.
            var cases = MalformedHeaders().Select(c => (c.Name, c.Content, Refused: true))
                .Concat(MalformedBodies().Select(c => (c.Name, c.Content, Refused: takesBody)));
            foreach (var (name, content, refused) in cases)
            {
                foreach (var user in users)
                {
                    var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = content() };
                    // Each request from its own address, so sign-in rate limiting never stands in for the answer.
                    request.Headers.Add(OversightFactory.ClientAddressHeader, $"10.{sent / 65536 % 256}.{sent / 256 % 256}.{sent % 256}");
                    var response = await clients[user].SendAsync(request);
                    sent++;
                    var status = (int)response.StatusCode;
                    // A page sends a visitor who has not signed in to the sign-in page, before it reads anything.
                    var signIn = page && user == "anonymous" && status == 302
                        && response.Headers.Location is { } location
                        && new Uri(factory.Server.BaseAddress, location).AbsolutePath.Equals("/account/login", StringComparison.OrdinalIgnoreCase);
                    if (status >= 500 || (refused && status is < 400 or >= 500 && !signIn))
                    {
                        failures.Add($"{method} {url} as {user}, {name}: {status} {Clip(await response.Content.ReadAsStringAsync())}");
                    }
                }
            }
        }
        output.WriteLine($"{sent} malformed requests to {routes.Length} routes");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)) + $"\n({failures.Count} in all)");
        Assert.Equal(before, await SnapshotAsync(auditor));
    }

    /// <summary>
    /// Headers a GET may carry (what it accepts, in which charset and language) and query values that are malformed for
    /// any parameter: every route, as every role, answers without a 5xx. The query parameters are those each endpoint
    /// binds (from the API description), so a new parameter is covered the day it is added.
    /// </summary>
    [Fact]
    public async Task Every_read_answers_bogus_accept_headers_and_malformed_query_values_without_a_5xx()
    {
        var users = new[] { "anonymous", "ict", "auditor", "admin", "executive" };
        var clients = new Dictionary<string, HttpClient>();
        foreach (var user in users)
        {
            clients[user] = await factory.ClientForAsync(user == "anonymous" ? null : user);
        }
        var before = await SnapshotAsync(clients["auditor"]);
        var headers = new (string Name, string Value)[]
        {
            ("Accept-Charset", "bogus"), ("Accept-Charset", "utf-7;q=1, *;q=0"), ("Accept-Charset", ";;;=="), ("Accept", "this is not/a media type;;;"),
            ("Accept", "application/json; charset=utf-7"), ("Accept-Language", "xx-\u0001;q=abc"), ("Accept-Encoding", "bogus;q=2"),
            ("Content-Type", "application/json; charset=bogus"), ("If-None-Match", "\"unterminated"), ("Range", "bytes=abc-"),
        };
        var values = new[] { "%00", "abc%00", "99999999999", "-5", "abc", "%FF%FE", "%E0%B8", new string('9', 5000), "a%0D%0Ab", "%3Cscript%3E", "" };
        var failures = new List<string>();
        var sent = 0;
        var gets = Routes().Where(r => r.Method == "GET" && r.Url != "/metrics" && !r.Url.StartsWith("/hubs/", StringComparison.Ordinal)).Select(r => r.Url).Distinct().ToArray();
        var parameters = QueryParameters();
        Assert.Contains(parameters, p => p.Url == "/api/v1/board/" && p.Name == "reportId");
        foreach (var user in users)
        {
            foreach (var url in gets)
            {
                foreach (var (name, value) in headers)
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, url);
                    if (name == "Content-Type")
                    {
                        request.Content = Body("", value);
                    }
                    else
                    {
                        request.Headers.TryAddWithoutValidation(name, value);
                    }
                    var response = await clients[user].SendAsync(request);
                    sent++;
                    if ((int)response.StatusCode >= 500 || (name == "Content-Type" && (int)response.StatusCode is < 400 or >= 500))
                    {
                        failures.Add($"GET {url} as {user}, {name}: {value}: {(int)response.StatusCode} {Clip(await response.Content.ReadAsStringAsync())}");
                    }
                }
            }
            foreach (var (method, url, name) in parameters)
            {
                foreach (var value in values)
                {
                    var request = new HttpRequestMessage(new HttpMethod(method), $"{url}?{name}={value}");
                    var response = await clients[user].SendAsync(request);
                    sent++;
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{method} {url}?{name}={Clip(value)} as {user}: {(int)response.StatusCode} {Clip(await response.Content.ReadAsStringAsync())}");
                    }
                }
            }
        }
        output.WriteLine($"{sent} requests to {gets.Length} read routes and {parameters.Count} query parameters");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)) + $"\n({failures.Count} in all)");
        Assert.Equal(before, await SnapshotAsync(clients["auditor"]));
    }

    /// <summary>Every query parameter an API endpoint binds, from the API description, with the endpoint's method and filled-in URL.</summary>
    private List<(string Method, string Url, string Name)> QueryParameters()
    {
        var descriptions = factory.Services.GetRequiredService<Microsoft.AspNetCore.Mvc.ApiExplorer.IApiDescriptionGroupCollectionProvider>();
        return descriptions.ApiDescriptionGroups.Items.SelectMany(g => g.Items)
            .SelectMany(d => d.ParameterDescriptions.Where(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Query)
                .Select(p => (d.HttpMethod ?? "GET", Fill(d.RelativePath ?? ""), p.Name)))
            .Distinct().ToList();
    }

    /// <summary>The malformed uploads, each with the one answer it gets from every upload route (evidence and imports).</summary>
    public static TheoryData<string, string, int, string> MalformedUploads()
    {
        var data = new TheoryData<string, string, int, string>();
        foreach (var route in new[] { "evidence", "import" })
        {
            data.Add(route, "5000 parts", 400, "invalid-form");
            data.Add(route, "long boundary", 400, "invalid-form");
            data.Add(route, "no boundary", 400, "invalid-form");
            data.Add(route, "truncated", 400, "truncated-body");
            data.Add(route, "boundary mismatch", 400, "truncated-body");
            data.Add(route, "not multipart", 400, "multipart-required");
            data.Add(route, "no file part", 400, "file-required");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedUploads))]
    public async Task Malformed_uploads_get_one_exact_answer_on_every_upload_route(string route, string shape, int status, string code)
    {
        const string b = Boundary;
        var file = route == "evidence" ? ("a.pdf", "%PDF-1.7\n%%EOF") : ("o.csv", "series,key,period,value\n");
        var longBoundary = new string('q', 300);
        HttpContent content = shape switch
        {
            "5000 parts" => Multipart(b, FivethousandParts(b)),
            "long boundary" => Multipart(longBoundary, Part(longBoundary, "file", file.Item2, file.Item1) + $"--{longBoundary}--\r\n"),
            "no boundary" => Body("--x\r\n", "multipart/form-data"),
            "truncated" => Multipart(b, Part(b, "description", "x") + $"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file.Item1}\"\r\n\r\n{file.Item2} and then nothing"),
            "boundary mismatch" => Multipart("NotTheBoundary", Part(b, "file", file.Item2, file.Item1) + $"--{b}--\r\n"),
            "not multipart" => Body("{}", "application/json"),
            "no file part" => Multipart(b, Part(b, "description", "x") + $"--{b}--\r\n"),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
        var id = Http.Rec("F1-R6");
        var client = await factory.ClientForAsync(route == "evidence" ? "ict" : "admin");
        var auditor = await factory.ClientForAsync("auditor");
        var before = await SnapshotAsync(auditor);
        var url = route == "evidence" ? $"/api/v1/recommendations/{id}/evidence" : "/api/v1/imports?kind=observations";
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = content });
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, (await response.JsonAsync())["code"]!.GetValue<string>());
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
    // Not a number, an overflow, a sign, a digit of another script: the same code as out of range, never the binder's.
    [InlineData("/api/v1/activity?limit=99999999999", "invalid-limit")]
    [InlineData("/api/v1/activity?limit=abc", "invalid-limit")]
    [InlineData("/api/v1/activity?limit=%2B5", "invalid-limit")]
    [InlineData("/api/v1/activity?limit=%E0%B9%95", "invalid-limit")]
    [InlineData("/api/v1/notifications?unit=ICT&limit=abc", "invalid-limit")]
    [InlineData("/api/v1/notifications?unit=ICT&limit=99999999999", "invalid-limit")]
    [InlineData("/api/v1/notifications?unit=ICT&unreadOnly=yes", "invalid-unreadOnly")]
    [InlineData("/api/v1/recommendations?limit=99999999999", "invalid-limit")]
    [InlineData("/api/v1/recommendations?limit=abc", "invalid-limit")]
    [InlineData("/api/v1/recommendations?offset=abc", "invalid-offset")]
    [InlineData("/api/v1/recommendations?offset=99999999999", "invalid-offset")]
    [InlineData("/api/v1/recommendations?overdue=yes", "invalid-overdue")]
    [InlineData("/api/v1/board/trend?weeks=abc", "invalid-weeks")]
    [InlineData("/api/v1/board/trend?weeks=0", "invalid-weeks")]
    [InlineData("/api/v1/board/trend?weeks=99999999999", "invalid-weeks")]
    [InlineData("/api/v1/board/trend?unit=%00", "invalid-unit")]
    [InlineData("/api/v1/reports/" + Http.Report + "/units/ict/follow-up.pdf", "invalid-unit")]
    [InlineData("/api/v1/reports/" + Http.Report + "/units/I%20CT/follow-up.pdf", "invalid-unit")]
    public async Task Out_of_range_or_malformed_query_parameters_are_refused_the_same_way_everywhere(string url, string code)
    {
        var auditor = await factory.ClientForAsync("auditor");
        var response = await auditor.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.JsonAsync())["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("unit=%00", 400, "invalid-unit")]
    [InlineData("unit=ict", 400, "invalid-unit")]
    [InlineData("unit=SPD", 403, null)]
    [InlineData("unit=ICT", 404, null)]
    [InlineData("", 404, null)]
    public async Task Marking_a_notification_read_checks_its_unit_by_the_shared_rule(string query, int status, string? code)
    {
        var ict = await factory.ClientForAsync("ict");
        var response = await ict.PostJsonAsync($"/api/v1/notifications/no-such-note/read?{query}", new { });
        Assert.Equal(status, (int)response.StatusCode);
        if (code is not null)
        {
            Assert.Equal(code, (await response.JsonAsync())["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_unit_named_in_a_report_path_is_checked_by_the_shared_rule_and_an_unknown_one_is_not_found()
    {
        var auditor = await factory.ClientForAsync("auditor");
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync($"/api/v1/reports/{Http.Report}/units/ZZZ/follow-up.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/v1/reports/{Http.Report}/units/ICT/follow-up.pdf")).StatusCode);
        // Its shape is checked before whose it is: a malformed code is a 400 for a unit officer too.
        var ict = await factory.ClientForAsync("ict");
        var malformed = await ict.GetAsync($"/api/v1/reports/{Http.Report}/units/ict/follow-up.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("invalid-unit", (await malformed.JsonAsync())["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await ict.GetAsync($"/api/v1/reports/{Http.Report}/units/SPD/follow-up.pdf")).StatusCode);
    }

    [Theory]
    [InlineData("+{0}")]
    [InlineData(" {0}")]
    [InlineData("{0} ")]
    [InlineData("{0}.0")]
    [InlineData("1,{0}")]
    public async Task The_evidence_forms_expected_version_is_read_by_the_shared_invariant_parser(string format)
    {
        var id = Http.Rec("F1-R6");
        var ict = await factory.ClientForAsync("ict");
        var version = await ict.VersionAsync(id);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Http.Pdf("version"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "version.pdf");
        form.Add(new StringContent(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, version)), "expectedVersion");
        var response = await ict.PostAsync($"/api/v1/recommendations/{id}/evidence", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-expectedVersion", (await response.JsonAsync())["code"]!.GetValue<string>());
        Assert.Equal(version, await ict.VersionAsync(id));
    }

    /// <summary>
    /// Every query parameter an API endpoint binds (from the API description, so a new one is covered the day it is
    /// added) goes through the shared rule: a value it cannot use is a 400 whose problem names the parameter, for a
    /// reader who may call the endpoint, and a 4xx for everyone else. Never ignored, never the binder's own answer.
    /// </summary>
    [Fact]
    public async Task Every_query_parameter_an_endpoint_binds_refuses_a_malformed_value_by_name()
    {
        var users = new[] { "ict", "auditor", "admin", "executive" };
        var clients = new Dictionary<string, HttpClient>();
        foreach (var user in users)
        {
            clients[user] = await factory.ClientForAsync(user);
        }
        // A parameter the endpoint requires is given a good value beside the one under test.
        var required = new Dictionary<string, string> { ["kind"] = "observations" };
        var before = await SnapshotAsync(clients["auditor"]);
        var parameters = QueryParameters();
        Assert.Contains(parameters, p => p.Url == "/api/v1/notifications/" + Http.Rec("F1-R4") + "/read" && p.Name == "unit");
        var failures = new List<string>();
        foreach (var (method, url, name) in parameters)
        {
            var others = parameters.Where(p => p.Method == method && p.Url == url && p.Name != name && required.ContainsKey(p.Name))
                .Select(p => $"{p.Name}={required[p.Name]}&");
            foreach (var value in new[] { "%00", "x%00", "1%00" })
            {
                var named = new List<string>();
                foreach (var user in users)
                {
                    var response = await clients[user].SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{url}?{string.Concat(others)}{name}={value}"));
                    var status = (int)response.StatusCode;
                    if (status is < 400 or >= 500)
                    {
                        failures.Add($"{method} {url}?{name}={value} as {user}: {status}");
                    }
                    else if (status == 400 && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                        && (await response.JsonAsync())["field"]?.GetValue<string>() == name)
                    {
                        named.Add(user);
                    }
                }
                if (named.Count == 0)
                {
                    failures.Add($"{method} {url}?{name}={value}: no reader got a 400 naming '{name}'");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await SnapshotAsync(clients["auditor"]));
    }

    /// <summary>
    /// The pages' rule for query values (PageQuery): every query value every page binds (from the endpoint table, so a
    /// new page or value is covered the day it is added), given a value it cannot use, makes the page answer 400 and name
    /// it in a notice, while still showing the page; without it, no notice.
    /// </summary>
    [Fact]
    public async Task Every_page_refuses_a_query_value_it_cannot_use_and_says_so()
    {
        var users = new[] { "executive", "admin", "auditor", "ict", "anonymous" };
        var clients = new Dictionary<string, HttpClient>();
        foreach (var user in users)
        {
            clients[user] = await factory.ClientForAsync(user == "anonymous" ? null : user);
        }
        var items = await PageRoutes.ItemsAsync(clients["executive"]);
        var pages = PageRoutes.All(factory.Services);
        Assert.Contains(pages, p => p.Template == "/board" && p.Query.Contains("report") && p.Query.Contains("dataset"));
        Assert.Contains(pages, p => p.Template == "/reports" && p.Handler == "Download" && p.Query.Contains("kind"));
        var failures = new List<string>();
        var checkedValues = 0;
        foreach (var page in pages.Where(p => p.Query.Count > 0))
        {
            var path = items.TryGetValue(page.Template, out var named) ? PageRoutes.Fill(page.Template, named.Keys.First()) : page.Template;
            // The first reader the page opens for; the handler's own values are tried on its handler.
            var user = (string?)null;
            foreach (var candidate in users)
            {
                var opened = await clients[candidate].GetAsync(path);
                // A page opens with a 200, or sends on somewhere other than the sign-in page (the language switch).
                if (opened.StatusCode == HttpStatusCode.OK || (opened.StatusCode == HttpStatusCode.Redirect
                    && !new Uri(factory.Server.BaseAddress, opened.Headers.Location!).AbsolutePath.Equals("/account/login", StringComparison.OrdinalIgnoreCase)))
                {
                    user = candidate;
                    break;
                }
            }
            if (user is null)
            {
                failures.Add($"{path}: opens for nobody");
                continue;
            }
            var handler = page.Handler is null ? "" : $"handler={page.Handler}&";
            foreach (var name in page.Query)
            {
                foreach (var value in new[] { "%00", "no-such-value%00" })
                {
                    var url = $"{path}?{handler}{name}={value}";
                    var response = await clients[user].GetAsync(url);
                    var html = await response.Content.ReadAsStringAsync();
                    checkedValues++;
                    if (response.StatusCode != HttpStatusCode.BadRequest || !PageRoutes.Refused(html).Contains(name, StringComparer.OrdinalIgnoreCase))
                    {
                        failures.Add($"{url} as {user}: {(int)response.StatusCode}, notice names [{string.Join(",", PageRoutes.Refused(html))}]");
                    }
                }
            }
            var plain = await (await clients[user].GetAsync(path)).Content.ReadAsStringAsync();
            if (PageRoutes.Refused(plain).Length > 0)
            {
                failures.Add($"{path} as {user}: a notice without a refused value");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedValues > 30, $"only {checkedValues} page query values were checked");
    }

    [Theory]
    [InlineData("/board?report=no-such-report", "report", "board")]
    [InlineData("/board?dataset=everything", "dataset", "board")]
    [InlineData("/board?report=" + Http.Report + "&dataset=synthetic", "dataset", "board")]
    [InlineData("/board?tv=yes", "tv", "board")]
    [InlineData("/board?tv=1&screen=nothing", "screen", "board")]
    [InlineData("/reports?report=no-such-report", "report", "reports-form")]
    [InlineData("/reports?unit=ZZZ", "unit", "reports-form")]
    [InlineData("/reports?lang=fr", "lang", "reports-form")]
    [InlineData("/admin?edit=ZZZ", "edit", "users")]
    [InlineData("/admin?kind=galaxy", "kind", "users")]
    public async Task A_page_given_a_value_it_cannot_use_shows_its_default_with_a_notice_and_a_400(string url, string parameter, string shown)
    {
        var client = await factory.ClientForAsync(url.StartsWith("/admin", StringComparison.Ordinal) ? "admin" : "executive");
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([parameter], PageRoutes.Refused(html));
        Assert.Contains($"data-testid=\"{shown}\"", html, StringComparison.Ordinal);
        // The same page without the value: no notice, a 200.
        var path = url[..url.IndexOf('?', StringComparison.Ordinal)];
        var plain = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Empty(PageRoutes.Refused(await plain.Content.ReadAsStringAsync()));
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
