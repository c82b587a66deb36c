using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Common;
using Oversight.Silo.Hosting;
using Oversight.Web.Apis;
using Oversight.Web.Auth;
using Oversight.Web.Infrastructure;
using Oversight.Web.Live;

namespace Oversight.Web.Hosting;

public static class WebExtensions
{
    public const long MaxRequestBodyBytes = 2 * 1024 * 1024;

    public static IHostApplicationBuilder AddOversightWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<Grains.Abstractions.Settings.DemoOptions>().BindConfiguration(Grains.Abstractions.Settings.DemoOptions.SectionName);
        services.Configure<JsonOptions>(o => OversightJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Bodies are small JSON documents; only the evidence upload raises this limit, for its own request.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.AddProblemDetails();
        services.AddExceptionHandler<RequestExceptionHandler>();
        services.AddOversightOpenApi();
        builder.AddOversightAuth();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Thai is written as Thai in the HTML (Razor still escapes markup characters), not as &#x0E..; entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(
            System.Text.Unicode.UnicodeRanges.BasicLatin, System.Text.Unicode.UnicodeRanges.Thai));
        services.AddSingleton<HubConnections>();
        services.AddSingleton<ILiveHostHandler>(sp => sp.GetRequiredService<HubConnections>());
        services.AddSingleton<HubAccessFilter>();
        services.AddOptions<HubAccessOptions>().BindConfiguration(HubAccessOptions.SectionName);
        services.AddOptions<Pages.PageListOptions>().BindConfiguration(Pages.PageListOptions.SectionName);
        services.AddHostedService<HubAccessSweep>();
        services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = 32 * 1024;
                o.AddFilter<HubAccessFilter>();
            })
            .AddJsonProtocol(o => OversightJson.Configure(o.PayloadSerializerOptions))
            .AddMessagePackProtocol(o => o.SerializerOptions = HubMessagePack.Options);
        services.AddOptions<BoardBroadcastOptions>().BindConfiguration(BoardBroadcastOptions.SectionName);
        services.AddOptions<HubOptions>().Configure<IOptions<BoardBroadcastOptions>>((hub, broadcast) =>
            hub.StatefulReconnectBufferSize = broadcast.Value.StatefulReconnectBufferSize);
        services.AddSingleton<LiveFeedObserver>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveFeedObserver>());
        services.AddSingleton<LiveFeedRegistration>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveFeedRegistration>());
        services.AddSingleton<Imports.ImportService>();
        services.AddRazorPages();
        return builder;
    }

    public static WebApplication UseOversightWeb(this WebApplication app)
    {
        app.UseOversightForwardedHeaders();
        app.UseManagementPorts();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestShapeChecks();
        app.UseSecurityHeaders();
        // Thai first: Thai unless the user switched (cookie) or asked (?culture=en); the browser's language is not consulted.
        var localization = new RequestLocalizationOptions()
            .SetDefaultCulture("th-TH")
            .AddSupportedCultures("th-TH", "en")
            .AddSupportedUICultures("th-TH", "en");
        localization.RequestCultureProviders = localization.RequestCultureProviders
            .Where(p => p is not AcceptLanguageHeaderRequestCultureProvider).ToList();
        app.UseRequestLocalization(localization);
        app.UseStaticFiles(new StaticFileOptions
        {
            // A URL with ?v= (asp-append-version: the file's hash) never changes content: the browser keeps it without
            // asking again on a reload.
            OnPrepareResponse = context =>
            {
                if (context.Context.Request.Query.ContainsKey("v"))
                {
                    context.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                }
            },
        });
        app.UseCleanContextForHubs();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOversightOpenApi();
        app.MapOversightHealth();
        app.MapOversightMetrics();
        app.MapOversightDashboard();
        app.MapAuthApi();
        app.MapReportsApi();
        app.MapRecommendationsApi();
        app.MapBoardApi();
        app.MapAuditTrailApi();
        app.MapFollowUpReportsApi();
        app.MapAdminApi();
        app.MapActivityApi();
        app.MapNotificationsApi();
        app.MapOperationsApi();
        app.MapMonitoringApi();
        app.MapIngestionApi();
        app.MapImportsApi();
        app.MapHub<BoardHub>(BoardHub.Path, o => o.AllowStatefulReconnects = true);
        app.MapRazorPages();
        return app;
    }

    private static void UseSecurityHeaders(this WebApplication app)
    {
        // The sign-in and sign-out forms redirect to the identity provider when single sign-on is on: form-action allows its origin.
        var sso = app.Services.GetRequiredService<Auth.OpenIdConnectSignInOptions>();
        var formAction = sso.Enabled && Uri.TryCreate(sso.Authority, UriKind.Absolute, out var authority)
            ? $"'self' {authority.GetLeftPart(UriPartial.Authority)}"
            : "'self'";
        var policy = $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action {formAction}";
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = policy;
            await next();
        });
    }
}
