using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Oversight.Storage;
using Oversight.TestSupport;
using Oversight.Web.Auth;
using Xunit.Abstractions;

namespace Oversight.Api.Tests;

/// <summary>
/// What docs/operations.md tells an operator to do, done to real processes: an online backup of a serving Embedded
/// installation and a restore from it, and a token signing-key rotation that signs nobody out.
/// </summary>
public sealed class OperationsTests(ITestOutputHelper output) : IDisposable
{
    private readonly List<string> _directories = [];

    private string NewDirectory(string name)
    {
        var path = WebProcess.NewDataDirectory(name);
        _directories.Add(path);
        return path;
    }

    [Fact]
    public async Task An_online_backup_taken_while_writes_run_restores_every_write_acknowledged_before_it()
    {
        var data = NewDirectory("backup-src");
        var target = Path.Combine(NewDirectory("backup-dst"), "2569-12-01");
        var acknowledged = new ConcurrentQueue<(long Version, string Note)>();
        var id = Http.Rec("F1-R3");
        string token;
        (long Version, string Note)[] beforeBackup;
        var (first, _) = await WebProcess.StartAsync(data);
        await using (first)
        {
            await first.WaitForJobsAsync();
            token = await first.TokenAsync("ict");
            first.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                var version = await first.Http.VersionAsync(id);
                for (var i = 1; !stop.IsCancellationRequested; i++)
                {
                    var note = $"before and during the backup {i}";
                    var response = await first.Http.PostAsJsonAsync($"/api/v1/recommendations/{id}/progress",
                        new { progress = 40 + i % 2, note, expectedVersion = version }, Http.Json);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    version = (await response.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<long>();
                    acknowledged.Enqueue((version, note));
                }
            });
            while (acknowledged.Count < 20)
            {
                Assert.False(writer.IsFaulted, writer.Exception?.ToString());
                await Task.Delay(10);
            }

            beforeBackup = [.. acknowledged];
            var backup = await WebProcess.RunCommandAsync(["backup", "--to", target], new Dictionary<string, string> { ["Hosting__DataDirectory"] = data });
            output.WriteLine(backup.Output + backup.Errors);
            Assert.True(backup.ExitCode == 0, backup.Errors);
            var writtenDuring = acknowledged.Count - beforeBackup.Length;
            stop.Cancel();
            await writer;
            output.WriteLine($"{beforeBackup.Length} writes acknowledged before the backup began, {writtenDuring} while it ran");

            var again = await WebProcess.RunCommandAsync(["backup", "--to", target], new Dictionary<string, string> { ["Hosting__DataDirectory"] = data });
            Assert.Equal(2, again.ExitCode);
            Assert.Contains("not empty", again.Errors, StringComparison.Ordinal);
        }

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(target, "backup.json")))!;
        Assert.Equal("ok", manifest["integrityCheck"]!.GetValue<string>());
        Assert.True(manifest["events"]!.GetValue<long>() > 0);
        foreach (var file in manifest["files"]!.AsArray())
        {
            var path = Path.Combine(target, file!["file"]!.GetValue<string>());
            Assert.Equal(file["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))));
        }
        Assert.Equal(["backup.json", "jwt-signing.key", "oversight.db"], Directory.GetFiles(target).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());

        // Restore: the backup's files into an empty data directory, then start as usual.
        var restored = NewDirectory("restored");
        File.Copy(Path.Combine(target, "oversight.db"), Path.Combine(restored, "oversight.db"));
        File.Copy(Path.Combine(target, "jwt-signing.key"), Path.Combine(restored, "jwt-signing.key"));
        var (second, _) = await WebProcess.StartAsync(restored);
        await using (second)
        {
            // The restored signing key keeps the token issued before the backup valid.
            second.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var history = (await second.Http.GetFromJsonAsync<JsonObject>($"/api/v1/recommendations/{id}/history"))!["items"]!.AsArray();
            var bySeq = history.ToDictionary(h => h!["seq"]!.GetValue<long>(), h => h!["note"]?.GetValue<string>());
            foreach (var (version, note) in beforeBackup)
            {
                Assert.True(bySeq.TryGetValue(version, out var stored), $"the restore lost acknowledged version {version}");
                Assert.Equal(note, stored);
            }
            second.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await second.TokenAsync("auditor"));
            var verify = await second.Http.GetFromJsonAsync<JsonObject>("/api/v1/audit-trail/verify");
            Assert.True(verify!["intact"]!.GetValue<bool>(), verify.ToJsonString());
        }
    }

    [Fact]
    public async Task Tokens_signed_with_a_previous_key_stay_valid_until_that_key_is_retired()
    {
        var data = NewDirectory("rotate");
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        const string me = "/api/v1/auth/me";

        string oldToken;
        var (first, _) = await WebProcess.StartAsync(data, new Dictionary<string, string> { ["Token__SigningKey"] = oldKey });
        await using (first)
        {
            oldToken = await first.TokenAsync("auditor");
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(first, me, oldToken));
        }

        string newToken;
        var (rotated, _) = await WebProcess.StartAsync(data, new Dictionary<string, string>
        {
            ["Token__SigningKey"] = newKey,
            ["Token__PreviousSigningKeys__0"] = oldKey,
        });
        await using (rotated)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(rotated, me, oldToken));
            newToken = await rotated.TokenAsync("auditor");
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(rotated, me, newToken));
        }

        var (retired, _) = await WebProcess.StartAsync(data, new Dictionary<string, string> { ["Token__SigningKey"] = newKey });
        await using (retired)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(retired, me, oldToken));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(retired, me, newToken));
        }
    }

    [Fact]
    public async Task Every_host_of_one_database_shares_the_key_ring_even_when_they_start_together()
    {
        var database = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = await PostgresServer.CreateDatabaseAsync("keyring") };
        await DatabaseMigrator.MigrateAsync(database);
        ServiceProvider NewHost()
        {
            var services = new ServiceCollection().AddLogging();
            services.AddSingleton(Options.Create(database));
            services.AddOversightDataProtection();
            return services.BuildServiceProvider();
        }

        await using var hostA = NewHost();
        await using var hostB = NewHost();
        var a = hostA.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in");
        var b = hostB.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in");

        // A new deployment: both hosts find an empty ring and protect their first cookie at the same moment.
        var protectedByA = Task.Run(() => a.Protect("signed in on host A"));
        var protectedByB = Task.Run(() => b.Protect("signed in on host B"));
        Assert.Equal("signed in on host A", b.Unprotect(await protectedByA));
        Assert.Equal("signed in on host B", a.Unprotect(await protectedByB));

        await using var pg = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await pg.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM oversight_key_ring", pg);
        Assert.InRange(Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture), 1, 2);
    }

    private static async Task<HttpStatusCode> StatusAsync(WebProcess web, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await web.Http.SendAsync(request);
        return response.StatusCode;
    }

    public void Dispose()
    {
        foreach (var directory in _directories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
