using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Web.Auth;

namespace Oversight.Web.Pages;

/// <summary>
/// API keys for the systems that send data (admin only), through the key directory grain as
/// <c>/api/v1/api-keys</c> uses it: create (the secret is shown on this one answer and never again: only its hash is
/// kept), see each key's last use, revoke at once.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class ApiKeysModel(IGrainFactory grains, IStringLocalizer<SharedResource> localizer) : OversightPageModel
{
    public IReadOnlyList<ApiKeyView> Keys { get; private set; } = [];

    /// <summary>The secret of the key just created (shown once).</summary>
    public string? CreatedKey { get; private set; }

    public string? CreatedId { get; private set; }

    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public bool Revoked => Done == "revoked";

    /// <summary>What was typed into the create form before it was refused.</summary>
    public (string? Source, string? Name, IReadOnlyList<string> Scopes) Typed { get; private set; } = (null, null, []);

    private IApiKeyDirectoryGrain Directory => grains.GetGrain<IApiKeyDirectoryGrain>(ApiKeys.DirectoryKey);

    public async Task OnGetAsync()
    {
        // The pages' rule for query values (PageQuery): an unknown outcome is refused (400) and named.
        Done = this.Checked("done", Done, done => done == "revoked");
        Keys = await Directory.ListAsync();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? source, string? name, string[]? scopes)
    {
        Typed = (source, name, scopes ?? []);
        var (result, key) = await Directory.CreateAsync(CurrentActor, source?.Trim() ?? "", name?.Trim() ?? "", scopes ?? []);
        Keys = await Directory.ListAsync();
        if (!result.Ok)
        {
            Error = Ui.Explain(localizer, result.Error);
            Response.StatusCode = result.Error?.Kind == Grains.Abstractions.Common.ErrorKind.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
            return Page();
        }
        // Answered once, never cached: a reload or the back button does not show the secret again.
        Response.Headers.CacheControl = "no-store";
        (CreatedKey, CreatedId, Typed) = (key, result.CreatedId, (null, null, []));
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? id)
    {
        var result = await Directory.RevokeAsync(CurrentActor, id is { Length: > 40 } ? id[..40] : id ?? "");
        if (result.Ok)
        {
            return Redirect("/admin/api-keys?done=revoked");
        }
        Keys = await Directory.ListAsync();
        Error = Ui.Explain(localizer, result.Error);
        Response.StatusCode = result.Error?.Kind == Grains.Abstractions.Common.ErrorKind.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
        return Page();
    }
}
