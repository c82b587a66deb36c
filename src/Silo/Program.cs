using Oversight.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.UseSiloProcessDefaults();
builder.AddOversightSilo();

var app = builder.Build();
app.MapOversightHealth();
app.Run();
