using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
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
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Oversight API";
            document.Info.Description = "Audit follow-up: the SAO report register, recommendation progress, evidence, verification and the remediation board; " +
                "programme monitoring (contracts and fines, provincial offices, e-services, data exchange, indicators) with provenance on every figure; " +
                "ingestion of figures with API keys and file imports.";
            document.Info.Version = "v1";
            document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>
            {
                ["bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
                {
                    Type = Microsoft.OpenApi.SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                    Description = "A token from POST /api/v1/auth/token (browsers use the sign-in cookie).",
                },
                ["apiKey"] = new Microsoft.OpenApi.OpenApiSecurityScheme
                {
                    Type = Microsoft.OpenApi.SecuritySchemeType.ApiKey, In = Microsoft.OpenApi.ParameterLocation.Header, Name = Auth.ApiKeyAuthenticationHandler.HeaderName,
                    Description = "An API key from POST /api/v1/api-keys, for POST /api/v1/metrics (metrics:write) and POST /api/v1/imports (imports:write).",
                },
            };
            return Task.CompletedTask;
        }));
        builder.AddOversightAuth();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Thai is written as Thai in the HTML (Razor still escapes markup characters), not as &#x0E..; entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(
            System.Text.Unicode.UnicodeRanges.BasicLatin, System.Text.Unicode.UnicodeRanges.Thai));
        services.AddSingleton<HubConnections>();
        services.AddSingleton<ILiveHostHandler>(sp => sp.GetRequiredService<HubConnections>());
        services.AddSingleton<HubAccessFilter>();
        services.AddOptions<HubAccessOptions>().BindConfiguration(HubAccessOptions.SectionName);
        services.AddHostedService<HubAccessSweep>();
        services.AddSignalR(o =>
            {
                o.StatefulReconnectBufferSize = 256 * 1024;
                o.MaximumReceiveMessageSize = 32 * 1024;
                o.AddFilter<HubAccessFilter>();
            })
            .AddJsonProtocol(o => OversightJson.Configure(o.PayloadSerializerOptions))
            .AddMessagePackProtocol(o => o.SerializerOptions = HubMessagePack.Options);
        services.AddOptions<BoardBroadcastOptions>().BindConfiguration(BoardBroadcastOptions.SectionName);
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
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapOversightHealth();
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

    private static void UseSecurityHeaders(this WebApplication app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
        await next();
    });
}
