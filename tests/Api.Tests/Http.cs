using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Api.Tests;

public static class Http
{
    public const string Report = "mol-digital-2565";

    public static string Rec(string code) => $"{Report}.{code}";

    /// <summary>An HTTP client of a real server (a <c>WebProcess</c>) with a bearer token.</summary>
    public static HttpClient Client(Uri baseAddress, string token) => new()
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, OversightJson.Options);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, OversightJson.Options);

    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, byte[] body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.SendAsync(new HttpRequestMessage(method, url) { Content = content });
    }

    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string body, string contentType = "application/json") =>
        client.SendRawAsync(method, url, Encoding.UTF8.GetBytes(body), contentType);

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty JSON");
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return await response.JsonAsync();
    }

    public static async Task<long> VersionAsync(this HttpClient client, string id) =>
        (await client.GetJsonAsync($"/api/v1/recommendations/{id}"))["version"]!.GetValue<long>();

    public static MultipartFormDataContent Upload(byte[] content, string fileName, string? description = null, long? expectedVersion = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (description is not null)
        {
            form.Add(new StringContent(description), "description");
        }
        if (expectedVersion is not null)
        {
            form.Add(new StringContent(expectedVersion.Value.ToString()), "expectedVersion");
        }
        return form;
    }

    public static byte[] Pdf(string marker = "evidence") => Encoding.UTF8.GetBytes($"%PDF-1.7\n% {marker}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

    public static byte[] RenamedExecutable() =>
        [.. "MZ"u8.ToArray(), 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, .. Encoding.ASCII.GetBytes("This program cannot be run in DOS mode.")];

    public static JsonSerializerOptions Json => OversightJson.Options;
}
