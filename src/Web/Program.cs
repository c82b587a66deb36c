using Oversight.Silo.Hosting;
using Oversight.Web.Hosting;

RuntimeSettings.Apply();
if (BackupCommand.IsInvoked(args))
{
    return await BackupCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddOversightBackend();
builder.AddOversightWeb();
builder.AddOversightTelemetry("oversight-web");

var app = builder.Build();
app.UseOversightWeb();
await app.RunAsync();
return 0;

public partial class Program;

namespace Oversight.Web
{
    /// <summary>Names this assembly for WebApplicationFactory (the Silo project has a public Program too).</summary>
    public sealed class WebEntryPoint;
}
