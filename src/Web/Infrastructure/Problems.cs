using Microsoft.AspNetCore.Http.HttpResults;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Web.Infrastructure;

/// <summary>Turns a refused command into ProblemDetails with a stable <c>code</c> (and <c>currentVersion</c> on conflicts).</summary>
public static class Problems
{
    public static ProblemHttpResult From(CommandError error)
    {
        var status = error.Kind switch
        {
            ErrorKind.Invalid => StatusCodes.Status400BadRequest,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status503ServiceUnavailable,
        };
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Field is not null)
        {
            extensions["field"] = error.Field;
        }
        if (error.Kind == ErrorKind.Conflict)
        {
            extensions["currentVersion"] = error.CurrentVersion;
        }
        return TypedResults.Problem(statusCode: status, title: Title(status), detail: error.Detail, extensions: extensions);
    }

    public static ProblemHttpResult BadRequest(string code, string detail, string? field = null) =>
        From(CommandError.Invalid(code, detail, field));

    public static ProblemHttpResult NotFound(string detail) => From(CommandError.NotFound(detail));

    public static ProblemHttpResult Forbidden(string detail) => From(CommandError.Forbidden(detail));

    /// <summary>The same problem with another status (its title follows).</summary>
    public static ProblemHttpResult WithStatus(this ProblemHttpResult problem, int status)
    {
        problem.ProblemDetails.Status = status;
        problem.ProblemDetails.Title = Title(status);
        return TypedResults.Problem(problem.ProblemDetails);
    }

    public static string Title(int status) => status switch
    {
        400 => "The request is invalid",
        401 => "Sign-in required",
        403 => "Not allowed",
        404 => "Not found",
        409 => "Version conflict",
        413 => "Upload too large",
        415 => "Unsupported media type",
        429 => "Too many attempts",
        _ => "The request could not be completed",
    };
}
