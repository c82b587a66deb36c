using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Oversight.Web.Hosting;

/// <summary>
/// Which reverse proxies may tell the Web host the client's address and scheme (X-Forwarded-For, X-Forwarded-Proto),
/// bound from the section of the same name. Off unless a proxy is listed: with none, the headers are ignored, so no
/// client can pick its own address (and with it a fresh sign-in throttling bucket) by sending them.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeadersSettings";

    /// <summary>Addresses of the proxies in front of this host (e.g. <c>10.0.0.5</c>).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation (e.g. <c>10.0.0.0/24</c>).</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Enabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    /// <summary>
    /// ASP.NET Core's options for these settings: each hop of X-Forwarded-For is taken only while the address it came
    /// from is a listed proxy, so the client address is the first one (from the right) that no listed proxy added.
    /// A setting that is not an address or network stops the host at startup.
    /// </summary>
    public ForwardedHeadersOptions ToOptions()
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // Every hop is checked against the lists below, so the chain of listed proxies may be of any length.
            ForwardLimit = null,
        };
        // ASP.NET Core trusts loopback by default: only what the operator lists is trusted here.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                : throw new InvalidOperationException($"{SectionName}:{nameof(KnownProxies)}: '{proxy}' is not an IP address."));
        }
        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                : throw new InvalidOperationException($"{SectionName}:{nameof(KnownNetworks)}: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/24)."));
        }
        return options;
    }
}

public static class ForwardedHeadersExtensions
{
    /// <summary>
    /// Applies X-Forwarded-For and X-Forwarded-Proto from the listed proxies only (<see cref="ForwardedHeadersSettings"/>);
    /// nothing when none is listed. Call first, so every later step (throttling, rate limits, cookies) sees the client.
    /// </summary>
    public static WebApplication UseOversightForwardedHeaders(this WebApplication app)
    {
        var settings = app.Configuration.GetSection(ForwardedHeadersSettings.SectionName).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();
        if (settings.Enabled)
        {
            app.UseForwardedHeaders(settings.ToOptions());
        }
        return app;
    }
}
