namespace Oversight.Silo.Hosting;

public static class SiloHostingExtensions
{
    public static IHostApplicationBuilder AddOversightSilo(this IHostApplicationBuilder builder) => builder;

    public static WebApplication MapOversightSiloHealth(this WebApplication app)
    {
        app.MapGet("/health/live", () => "ok");
        return app;
    }
}
