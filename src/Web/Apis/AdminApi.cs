using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Units;
using Oversight.Grains.Abstractions.Users;
using Oversight.Web.Auth;
using Oversight.Web.Infrastructure;

namespace Oversight.Web.Apis;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateUserRequest(string? Username, string? DisplayName, UserRole? Role, string? Unit, string? Password);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UpdateUserRequest(string? DisplayName, UserRole? Role, string? Unit, bool? Disabled, string? Password);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UnitRequest(LocalizedText? Name, UnitKind? Kind, string? ParentCode, bool? Active);

/// <summary>Units (read by everyone) and the administration of users and units (admins only).</summary>
public static class AdminApi
{
    public const int MinPasswordLength = 10;

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v1/units").WithTags("Units").RequireAuthorization(Policies.Reader)
            .MapGet("/", async (IGrainFactory grains) => TypedResults.Ok(await Units(grains).ListAsync()))
            .WithName("ListUnits").WithSummary("The responsible units.");

        var admin = routes.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization(Policies.Admin)
            .AddEndpointFilter(AuthExtensions.RequireAntiforgeryForCookies);
        admin.MapGet("/users", async (IGrainFactory grains) => TypedResults.Ok(await Users(grains).ListAsync()))
            .WithName("ListUsers").WithSummary("All user accounts (no password hashes).");
        admin.MapPost("/users", CreateUserAsync).WithName("CreateUser").WithSummary("Create a user account.");
        admin.MapPut("/users/{username}", UpdateUserAsync).WithName("UpdateUser").WithSummary("Change a user's name, role, unit, password or disabled flag.");
        admin.MapPut("/units/{code}", UpsertUnitAsync).WithName("UpsertUnit").WithSummary("Create or rename a unit.");
        return routes;
    }

    private static async Task<Results<Created<UserView>, ProblemHttpResult>> CreateUserAsync(
        [FromBody] CreateUserRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.Username is null || body.DisplayName is null || body.Role is null || body.Password is null)
        {
            return Problems.BadRequest("required", "'username', 'displayName', 'role' and 'password' are required.");
        }
        if (CheckPassword(body.Password) is { } weak)
        {
            return weak;
        }
        var result = await Users(grains).CreateAsync(user.ToActor(),
            new NewUser(body.Username, body.DisplayName, body.Role.Value, body.Unit, SignInService.HashPassword(body.Password)));
        if (!result.Ok)
        {
            return Problems.From(result.Error!);
        }
        var created = await Users(grains).GetAsync(result.CreatedId!);
        return TypedResults.Created($"/api/v1/admin/users/{result.CreatedId}", created);
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> UpdateUserAsync(
        string username, [FromBody] UpdateUserRequest body, ClaimsPrincipal user, IGrainFactory grains, AccessValidator access)
    {
        if (body.Password is not null && CheckPassword(body.Password) is { } weak)
        {
            return weak;
        }
        var result = await access.UpdateAsync(user.ToActor(), username, new UserChange(
            body.DisplayName, body.Role, body.Unit, body.Disabled, body.Password is null ? null : SignInService.HashPassword(body.Password)));
        return result.Ok ? TypedResults.Ok((await Users(grains).GetAsync(result.CreatedId!))!) : Problems.From(result.Error!);
    }

    private static async Task<Results<Ok<UnitView>, ProblemHttpResult>> UpsertUnitAsync(
        string code, [FromBody] UnitRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.Name is null || body.Kind is null)
        {
            return Problems.BadRequest("required", "'name' ({th, en}) and 'kind' are required.");
        }
        var unit = new UnitView(code, body.Name, body.Kind.Value, body.ParentCode, body.Active ?? true);
        var result = await Units(grains).UpsertAsync(user.ToActor(), unit);
        return result.Ok ? TypedResults.Ok((await Units(grains).GetAsync(code))!) : Problems.From(result.Error!);
    }

    private static ProblemHttpResult? CheckPassword(string password) =>
        password.Length < MinPasswordLength || password.Length > 256 || password.All(char.IsLetter)
            ? Problems.BadRequest("weak-password", $"A password has {MinPasswordLength}–256 characters and is not only letters.", "password")
            : null;

    private static IUserDirectoryGrain Users(IGrainFactory grains) => grains.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory);

    private static IUnitDirectoryGrain Units(IGrainFactory grains) => grains.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory);
}
