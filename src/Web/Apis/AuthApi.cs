using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Oversight.Web.Auth;
using Oversight.Web.Infrastructure;

namespace Oversight.Web.Apis;

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/auth").WithTags("Auth");
        api.MapPost("/token", IssueTokenAsync).AllowAnonymous().RequireRateLimiting(AuthExtensions.SignInRateLimit).WithName("IssueToken")
            .WithSummary("Exchange a username and password for a JWT bearer token.");
        api.MapGet("/me", Me).RequireAuthorization(Policies.Reader).WithName("Me")
            .WithSummary("The signed-in user.");
        return api;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        [FromBody] TokenRequest body, SignInService signIn, TokenService tokens, HttpContext http)
    {
        var result = await signIn.SignInAsync(body.Username, body.Password, SignInService.ClientAddress(http));
        var user = result.User;
        switch (result.Outcome)
        {
            case SignInOutcome.Throttled:
                var seconds = (int)Math.Ceiling(result.RetryAfter.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: Problems.Title(429),
                    detail: $"Too many failed sign-in attempts from this client; try again in {seconds} s.",
                    extensions: new Dictionary<string, object?> { ["code"] = "throttled", ["retryAfterSeconds"] = seconds });
            case SignInOutcome.Failed:
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: Problems.Title(401),
                    detail: "The username or password is not correct.",
                    extensions: new Dictionary<string, object?> { ["code"] = "invalid-credentials" });
        }
        var token = tokens.Issue(user!, result.Stamp!);
        return TypedResults.Ok(new TokenResponse(token.AccessToken, token.ExpiresAt, "Bearer",
            new MeResponse(user!.Username, user.DisplayName, user.Role ?? throw new InvalidOperationException("A password account always has a role."), user.Unit)));
    }

    private static Ok<MeResponse> Me(ClaimsPrincipal principal)
    {
        var actor = principal.ToActor();
        return TypedResults.Ok(new MeResponse(actor.Username, actor.DisplayName, actor.Role, actor.Unit));
    }
}
