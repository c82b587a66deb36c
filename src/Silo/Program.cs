using Oversight.Silo.Hosting;

RuntimeSettings.Apply();
var builder = WebApplication.CreateBuilder(args);
builder.UseSiloProcessDefaults();
builder.AddOversightSilo();
builder.AddOversightTelemetry("oversight-silo");

var app = builder.Build();
app.UseManagementPorts();
app.MapOversightHealth();
app.MapOversightMetrics();
app.Run();
