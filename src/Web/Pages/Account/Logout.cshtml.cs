using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Oversight.Web.Auth;

namespace Oversight.Web.Pages.Account;

public sealed class LogoutModel(OpenIdConnectSignInOptions sso) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    /// <summary>
    /// Ends the local session; a user who came through the identity provider is also signed out there (end_session with
    /// the ID token as hint), and the provider sends them back to the sign-in page.
    /// </summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var properties = new AuthenticationProperties { RedirectUri = "/account/login" };
        if (sso.Enabled && User.CameThroughProvider())
        {
            return SignOut(properties, CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectSignIn.Scheme);
        }
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/account/login");
    }
}
