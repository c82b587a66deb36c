using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Web.Infrastructure;

/// <summary>
/// The one way an API route reads an uploaded file (evidence, imports): multipart/form-data with exactly one part named
/// <c>file</c>. A body larger than the route allows is a 413 (<c>file-too-large</c>); a form of the wrong shape is a
/// 400 whatever its size: not multipart (<c>multipart-required</c>), too many parts, an over-long or missing boundary,
/// a malformed part (<c>invalid-form</c>), a body that ends early or whose boundary does not match the header
/// (<c>truncated-body</c>), no single <c>file</c> part (<c>file-required</c>).
/// </summary>
public static class UploadForm
{
    /// <summary>Room for the form's other parts and headers beside the file.</summary>
    public const long FormOverheadBytes = 1024 * 1024;

    /// <summary>The form and its file, or the problem that refuses it.</summary>
    public static async Task<(IFormCollection? Form, IFormFile? File, ProblemHttpResult? Problem)> ReadAsync(
        HttpContext http, long maxFileBytes, int valueLengthLimit, string tooLarge)
    {
        var maxRequestBytes = maxFileBytes + FormOverheadBytes;
        if (http.Request.ContentLength > maxRequestBytes)
        {
            return (null, null, TooLarge(tooLarge));
        }
        if (!http.Request.HasFormContentType || !(http.Request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, Problems.BadRequest("multipart-required", "Upload the file as multipart/form-data with a part named 'file'."));
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxRequestBytes;
        }
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxRequestBytes, ValueLengthLimit = valueLengthLimit }, http.RequestAborted);
        }
        catch (InvalidDataException e) when (e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, TooLarge(tooLarge));
        }
        catch (InvalidDataException e)
        {
            // Too many parts, an over-long boundary, a malformed part: the form is wrong, whatever its size.
            return (null, null, Problems.BadRequest("invalid-form", e.Message.Length > 200 ? e.Message[..200] : e.Message));
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A body with no Content-Length (chunked) that runs past the limit: Kestrel stops reading it.
            return (null, null, TooLarge(tooLarge));
        }
        catch (IOException)
        {
            return (null, null, Problems.BadRequest("truncated-body", "The multipart body ended before it was complete, or its boundary does not match the Content-Type header."));
        }
        if (form.Files.Count != 1 || form.Files[0].Name != "file")
        {
            return (null, null, Problems.BadRequest("file-required", "Send exactly one file, in a part named 'file'.", "file"));
        }
        if (form.Files[0].Length > maxFileBytes)
        {
            return (null, null, TooLarge($"{tooLarge} This one is {form.Files[0].Length:N0} bytes."));
        }
        return (form, form.Files[0], null);
    }

    /// <summary>The file's bytes.</summary>
    public static async Task<byte[]> BytesAsync(IFormFile file, CancellationToken ct)
    {
        var content = new byte[file.Length];
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(content, ct);
        return content;
    }

    private static ProblemHttpResult TooLarge(string detail) => Problems.From(new CommandError(ErrorKind.TooLarge, "file-too-large", detail));
}
