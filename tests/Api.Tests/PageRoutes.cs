using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Oversight.Api.Tests;

/// <summary>
/// The application's Razor pages, from the same endpoint table the API sweeps read (so a new page, or a new query value
/// of a page, is covered the day it is added): each page's route template, its GET handlers and the query values each
/// binds (properties with <c>[BindProperty(SupportsGet = true)]</c> and the handler's own parameters).
/// </summary>
internal static class PageRoutes
{
    /// <param name="Template">The route, e.g. "/contracts/{id}".</param>
    /// <param name="Handler">The named GET handler ("Download" for <c>OnGetDownloadAsync</c>), or null for <c>OnGet</c>.</param>
    /// <param name="Query">The query values this handler binds.</param>
    public sealed record Page(string Template, string? Handler, IReadOnlyList<string> Query);

    public static IReadOnlyList<Page> All(IServiceProvider services)
    {
        var pages = new List<Page>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>() is not { } page)
            {
                continue;
            }
            var template = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            var routeValues = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var properties = page.BoundProperties.OfType<PageBoundPropertyDescriptor>()
                .Where(p => p.Property.GetCustomAttribute<BindPropertyAttribute>() is { SupportsGet: true })
                .Select(p => p.BindingInfo?.BinderModelName ?? p.Name)
                .ToArray();
            var handlers = page.HandlerMethods.Where(h => h.HttpMethod.Equals("GET", StringComparison.OrdinalIgnoreCase)).ToArray();
            if (handlers.Length == 0)
            {
                pages.Add(new Page(template, null, properties));
            }
            foreach (var handler in handlers)
            {
                var parameters = handler.Parameters.Select(p => p.BindingInfo?.BinderModelName ?? p.Name).Where(n => !routeValues.Contains(n));
                pages.Add(new Page(template, handler.Name, properties.Concat(parameters).Distinct(StringComparer.OrdinalIgnoreCase).ToArray()));
            }
        }
        return pages;
    }

    /// <summary>
    /// Every item a programme or recommendation page names in its route, with the units that own it, as an executive sees
    /// them, by the page's route template.
    /// </summary>
    public static async Task<Dictionary<string, Dictionary<string, string[]>>> ItemsAsync(HttpClient executive)
    {
        static string[] Units(JsonNode? node) => node switch
        {
            JsonArray array => array.Select(u => u!.GetValue<string>()).ToArray(),
            JsonValue value => [value.GetValue<string>()],
            _ => [],
        };
        var recommendations = (await executive.GetJsonAsync("/api/v1/recommendations?limit=500"))["items"]!.AsArray()
            .ToDictionary(i => i!["id"]!.GetValue<string>(), i => Units(i!["units"]));
        var contracts = (await executive.GetJsonAsync("/api/v1/contracts")).AsArray()
            .ToDictionary(c => c!["id"]!.GetValue<string>(), c => Units(c!["unit"]));
        var provinces = (await executive.GetJsonAsync("/api/v1/provinces"))["items"]!.AsArray()
            .ToDictionary(p => p!["code"]!.GetValue<string>(), p => Units(p!["unit"]));
        var indicators = (await executive.GetJsonAsync("/api/v1/indicators")).AsArray()
            .ToDictionary(i => i!["code"]!.GetValue<string>(), i => Units(i!["units"]));
        var services = (await executive.GetJsonAsync("/api/v1/eservices"))["items"]!.AsArray()
            .ToDictionary(s => s!["service"]!["id"]!.GetValue<string>(), s => Units(s!["service"]!["unit"]));
        var agencies = (await executive.GetJsonAsync("/api/v1/data-exchange"))["agencies"]!.AsArray()
            .ToDictionary(a => a!["agency"]!["id"]!.GetValue<string>(), _ => Array.Empty<string>());
        return new(StringComparer.OrdinalIgnoreCase)
        {
            ["/recommendations/{id}"] = recommendations,
            ["/contracts/{id}"] = contracts,
            ["/provinces/{code}"] = provinces,
            ["/indicators/{code}"] = indicators,
            ["/eservices/{id}"] = services,
            ["/agencies/{id}"] = agencies,
        };
    }

    /// <summary>The route with its one parameter replaced by <paramref name="value"/>.</summary>
    public static string Fill(string template, string value) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]+\}", Uri.EscapeDataString(value));

    /// <summary>The query parameters the page's notice names as refused (<c>data-refused</c>), none when there is no notice.</summary>
    public static string[] Refused(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"query-refused\" data-refused=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
    }
}
