using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Oversight.Web.Pages;

/// <summary>Switches the UI language (Thai is the default) and returns to the page.</summary>
public sealed class CultureModel : PageModel
{
    public IActionResult OnGet(string? c, string? r)
    {
        var culture = c == "en" ? "en" : "th-TH";
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), SameSite = SameSiteMode.Lax, HttpOnly = true, IsEssential = true });
        return LocalRedirect(Url.IsLocalUrl(r) ? r! : "/");
    }
}
