using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Oversight.TestSupport;

namespace Oversight.Api.Tests;

/// <summary>Kestrel's body limits, on the real server (the in-memory test server does not enforce them).</summary>
public sealed class RequestLimitTests
{
    [Fact]
    public async Task Oversized_bodies_get_413_and_evidence_may_use_its_own_larger_limit()
    {
        var (web, _) = await WebProcess.StartAsync(WebProcess.NewDataDirectory("limits"));
        await using (web)
        {
            web.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await web.TokenAsync("ict"));
            // Large uploads ask first (Expect: 100-continue), so a refusal arrives before the body is sent.
            web.Http.DefaultRequestHeaders.ExpectContinue = true;
            var id = Http.Rec("F1-R2");

            // A 3 MB JSON comment is refused before it is read.
            var big = new StringContent($"{{\"text\":\"{new string('ก', 1_000_000)}\"}}", Encoding.UTF8, "application/json");
            var json = await web.Http.PostAsync($"/api/v1/recommendations/{id}/comments", big);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, json.StatusCode);

            // A 20 MB evidence file is within the upload's own limit; 30 MB is not.
            var pdf = new byte[20 * 1024 * 1024];
            Http.Pdf("big").CopyTo(pdf, 0);
            "%%EOF\n"u8.CopyTo(pdf.AsSpan(pdf.Length - 6)); // a PDF ends with its end-of-file marker
            Assert.Equal(HttpStatusCode.Created, (await web.Http.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(pdf, "big.pdf"))).StatusCode);
            var tooBig = new byte[30 * 1024 * 1024];
            Http.Pdf("too-big").CopyTo(tooBig, 0);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await web.Http.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(tooBig, "too-big.pdf"))).StatusCode);

            // Chunked (no Content-Length): the limit still holds while streaming.
            var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"text\":\"{new string('x', 3_000_000)}\"}}")));
            chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/recommendations/{id}/comments") { Content = chunked };
            request.Headers.TransferEncodingChunked = true;
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await web.Http.SendAsync(request)).StatusCode);

            // A chunked upload past the evidence limit is too large (413), not a broken form (400).
            var upload = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/recommendations/{id}/evidence") { Content = Http.Upload(tooBig, "too-big.pdf") };
            upload.Headers.TransferEncodingChunked = true;
            var uploaded = await web.Http.SendAsync(upload);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, uploaded.StatusCode);
            Assert.Equal("file-too-large", System.Text.Json.JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        }
    }
}
