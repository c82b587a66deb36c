using Oversight.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddOversightBackend();
builder.AddOversightWeb();

var app = builder.Build();
app.UseOversightWeb();
app.Run();

public partial class Program;
