using System.Net.Http.Headers;
using System.Text.Json;

namespace Oversight.LoadTest;

/// <summary>Request bodies as browsers and most clients send them: serialized first, with a Content-Length.</summary>
public static class Json
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// <c>JsonContent.Create</c> streams its body in chunked transfer encoding, which costs the server a chunk parser and
    /// an extra read per request that the board's own pages (fetch with a string body) never cause.
    /// </summary>
    public static ByteArrayContent Body<T>(T value)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, Web));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
