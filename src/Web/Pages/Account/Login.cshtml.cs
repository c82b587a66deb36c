using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Settings;
using Oversight.Web.Auth;

namespace Oversight.Web.Pages.Account;

[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(AuthExtensions.SignInRateLimit)]
public sealed class LoginModel(SignInService signIn, IStringLocalizer<SharedResource> localizer, IOptions<DemoOptions> demo, OpenIdConnectSignInOptions sso) : PageModel
{
    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public bool DemoMode => demo.Value.Enabled;

    /// <summary>The identity provider's name on the single sign-on button; null when single sign-on is off.</summary>
    public string? Provider => sso.Enabled ? sso.DisplayName : null;

    public void OnGet(string? sso)
    {
        // The pages' rule for query values (PageQuery): a return address off this site, or an unknown sign-in outcome, is
        // refused (400) and named; signing in then goes to the start page.
        ReturnUrl = this.Checked("returnUrl", ReturnUrl, Url.IsLocalUrl);
        if (this.Checked("sso", sso, outcome => outcome == "failed") is not null)
        {
            Error = localizer["SsoFailed"];
        }
    }

    /// <summary>Starts the provider's sign-in (code flow with PKCE); it comes back to /signin-oidc, then to the workspace.</summary>
    public IActionResult OnPostSso()
    {
        if (Provider is null)
        {
            return NotFound();
        }
        return Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/" }, OpenIdConnectSignIn.Scheme);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await signIn.SignInAsync(Username, Password, SignInService.ClientAddress(HttpContext));
        if (result.Outcome != SignInOutcome.Success)
        {
            Error = result.Outcome == SignInOutcome.Throttled ? localizer["SignInThrottled"] : localizer["SignInFailed"];
            Response.StatusCode = result.Outcome == SignInOutcome.Throttled ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized;
            if (result.Outcome == SignInOutcome.Throttled)
            {
                Response.Headers.RetryAfter = ((int)Math.Ceiling(result.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return Page();
        }
        var principal = new System.Security.Claims.ClaimsPrincipal(OversightClaims.Identity(result.User!, result.Stamp!, CookieAuthenticationDefaults.AuthenticationScheme));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
