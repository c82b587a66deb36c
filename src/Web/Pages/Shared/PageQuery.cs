using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Oversight.Web.Pages;

/// <summary>
/// The one rule for a page's query values (the pages' side of <see cref="Infrastructure.QueryRules"/>): a value the page
/// cannot use (malformed, unknown, or not one this user may choose) is never silently replaced. The page answers 400,
/// still shows itself with its default for that value, and says so at the top (the layout's notice names the
/// parameter). An absent or empty value is the default and is not refused.
/// </summary>
public static class PageQuery
{
    private const string ItemKey = "Oversight.PageQuery.Refused";

    /// <summary>
    /// <paramref name="value"/> when it is absent, empty or <paramref name="valid"/>; otherwise null, and the page
    /// refuses <paramref name="name"/>.
    /// </summary>
    public static string? Checked(this PageModel page, string name, string? value, Func<string, bool> valid)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (valid(value))
        {
            return value;
        }
        page.Refuse(name);
        return null;
    }

    /// <summary>
    /// A list's starting row from query value <c>offset</c>: a whole number (ASCII digits, <see cref="Infrastructure.QueryRules.TryWholeNumber"/>),
    /// or 0 when absent; any other value is refused as above and the list starts at its first row.
    /// </summary>
    public static int Offset(this PageModel page, string? text)
    {
        long offset = 0; // left 0 when the value is absent or refused
        page.Checked("offset", text, t => Infrastructure.QueryRules.TryWholeNumber(t, int.MaxValue, out offset));
        return (int)offset;
    }

    /// <summary>The page could not use query parameter <paramref name="name"/>: it answers 400 and says so.</summary>
    public static void Refuse(this PageModel page, string name)
    {
        var items = page.HttpContext.Items;
        if (items[ItemKey] is not List<string> refused)
        {
            items[ItemKey] = refused = [];
        }
        if (!refused.Contains(name, StringComparer.Ordinal))
        {
            refused.Add(name);
        }
        page.Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    /// <summary>The query parameters this request's page refused, in order (for the layout's notice).</summary>
    public static IReadOnlyList<string> Refused(HttpContext context) => context.Items[ItemKey] as List<string> ?? [];
}
