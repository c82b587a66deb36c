using System.Diagnostics;
using System.Globalization;
using Oversight.Storage.Events;
using Oversight.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Oversight.Storage.Tests;

public class DurabilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_acknowledged_sqlite_append_survives_kill_9()
    {
        var path = TempPaths.NewSqliteFile("durability");
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={path}" };
        await DatabaseMigrator.MigrateAsync(options);

        var hostDll = Path.Combine(AppContext.BaseDirectory, "Oversight.Storage.DurabilityHost.dll");
        Assert.True(File.Exists(hostDll), hostDll);
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add("8");

        var acked = new Dictionary<string, long>();
        long count = 0;
        using (var process = Process.Start(start)!)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                while (count < 500)
                {
                    var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                        ?? throw new InvalidOperationException("host exited early: " + await stderr);
                    if (!line.StartsWith("acked ", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var parts = line.Split(' ');
                    count = long.Parse(parts[1], CultureInfo.InvariantCulture);
                    acked[parts[2]] = long.Parse(parts[3], CultureInfo.InvariantCulture);
                }
            }
            finally
            {
                process.Kill(entireProcessTree: false);   // SIGKILL: no shutdown, no flush, no dispose
                await process.WaitForExitAsync();
            }

            Assert.NotEqual(0, process.ExitCode);
        }

        await using var store = new SqliteEventStore(options);
        long stored = 0;
        foreach (var (stream, seq) in acked)
        {
            var events = await store.ReadStreamAsync(stream);
            stored += events.Count;
            Assert.True(events.Count >= seq, $"{stream}: acknowledged up to seq {seq}, found {events.Count}");
        }

        output.WriteLine($"acknowledged {count} appends before kill -9; found {stored} events in {acked.Count} streams after reopening");
        var verification = await new ChainVerifier(store).VerifyAsync();
        Assert.True(verification.Intact, verification.FirstBroken?.ToString());
    }
}
