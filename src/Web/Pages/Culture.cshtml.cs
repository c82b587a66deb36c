using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Oversight.Web.Pages;

/// <summary>Switches the UI language (Thai is the default) and returns to the page.</summary>
public sealed class CultureModel : PageModel
{
    public IActionResult OnGet(string? c, string? r)
    {
        // The pages' rule for query values (PageQuery): an unknown language or a return address off this site is refused
        // (400) and named, and nothing changes.
        this.Checked("c", c, lang => lang is "th" or "en");
        this.Checked("r", r, Url.IsLocalUrl);
        if (PageQuery.Refused(HttpContext).Count > 0)
        {
            return Page();
        }
        var culture = c == "en" ? "en" : "th-TH";
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), SameSite = SameSiteMode.Lax, HttpOnly = true, IsEssential = true });
        return LocalRedirect(Url.IsLocalUrl(r) ? r! : "/");
    }
}
