using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Settings;
using Oversight.Web.Auth;

namespace Oversight.Web.Pages.Account;

public sealed class LoginModel(SignInService signIn, IStringLocalizer<SharedResource> localizer, IOptions<DemoOptions> demo) : PageModel
{
    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public bool DemoMode => demo.Value.Enabled;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (outcome, user) = await signIn.SignInAsync(Username, Password);
        if (outcome != SignInOutcome.Success)
        {
            Error = outcome == SignInOutcome.Throttled ? localizer["SignInThrottled"] : localizer["SignInFailed"];
            Response.StatusCode = outcome == SignInOutcome.Throttled ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized;
            return Page();
        }
        var principal = new System.Security.Claims.ClaimsPrincipal(OversightClaims.Identity(user!, CookieAuthenticationDefaults.AuthenticationScheme));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
