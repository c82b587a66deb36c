using Microsoft.Net.Http.Headers;

namespace Oversight.Web.Infrastructure;

/// <summary>
/// Checks the shape of every request before anything reads its body: a Content-Type that does not parse is a 400, and
/// a charset other than UTF-8 (an unknown one such as "bogus", "utf-7", or an empty one) is a 415, on every endpoint,
/// the anonymous ones included. The body readers behind it then never meet an encoding they cannot handle.
/// </summary>
public static class RequestShape
{
    public static IApplicationBuilder UseRequestShapeChecks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var contentType = context.Request.ContentType;
        if (!string.IsNullOrEmpty(contentType))
        {
            if (Check(contentType) is { } problem)
            {
                await Problems.BadRequest(problem.Code, problem.Detail).WithStatus(problem.Status).ExecuteAsync(context);
                return;
            }
            // A quoted charset ("utf-8") is valid HTTP that the body readers do not understand: hand them the plain form.
            if (contentType.Contains("charset=\"", StringComparison.OrdinalIgnoreCase) && MediaTypeHeaderValue.TryParse(contentType, out var media))
            {
                media.Charset = "utf-8";
                context.Request.ContentType = media.ToString();
            }
        }
        await next();
    });

    /// <summary>The problem with a Content-Type header, or null when it is acceptable.</summary>
    public static (int Status, string Code, string Detail)? Check(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Length == 0 || media.Type.Length == 0 || media.SubType.Length == 0)
        {
            return (400, "invalid-content-type", "The Content-Type header does not parse as a media type.");
        }
        foreach (var parameter in media.Parameters)
        {
            if (!parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var charset = parameter.Value.Value?.Trim('"').Trim() ?? "";
            if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return (415, "unsupported-charset", $"Request bodies are UTF-8; the charset '{(charset.Length > 40 ? charset[..40] : charset)}' is not accepted.");
            }
        }
        return null;
    }
}
