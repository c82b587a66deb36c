using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Oversight.Silo.Hosting;
using Oversight.Storage;
using Oversight.Storage.Backup;
using Oversight.Web.Auth;

namespace Oversight.Web.Hosting;

/// <summary>
/// <c>backup --to &lt;directory&gt;</c>: an online backup of an Embedded installation while it runs, with the same
/// configuration the server reads (appsettings, environment, command line). The directory receives the database (one
/// file, checked), the token signing key when it lives in the data directory, and <c>backup.json</c> describing both.
/// Restoring is copying them back into an empty data directory (docs/operations.md).
/// </summary>
public static class BackupCommand
{
    public const string Verb = "backup";

    public static bool IsInvoked(string[] args) => args.Length > 0 && string.Equals(args[0], Verb, StringComparison.Ordinal);

    public static async Task<int> RunAsync(string[] args)
    {
        var rest = args[1..];
        var at = Array.IndexOf(rest, "--to");
        if (at < 0 || at + 1 >= rest.Length || string.IsNullOrWhiteSpace(rest[at + 1]))
        {
            await Console.Error.WriteLineAsync("usage: backup --to <directory>   (an empty or new directory; Embedded mode on SQLite)");
            return 2;
        }
        var target = Path.GetFullPath(rest[at + 1]);
        var settings = rest.Where((_, i) => i != at && i != at + 1).ToArray();

        var builder = Host.CreateApplicationBuilder(settings);
        var hosting = builder.GetHostingOptions();
        var database = builder.GetDatabaseOptions(hosting);
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            await Console.Error.WriteLineAsync("This installation keeps its data in PostgreSQL: back it up with pg_dump (docs/operations.md).");
            return 2;
        }
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            await Console.Error.WriteLineAsync($"{target} is not empty; a backup goes into a new or empty directory.");
            return 2;
        }
        Directory.CreateDirectory(target);

        var result = await SqliteBackup.BackupAsync(database.ConnectionString, Path.Combine(target, "oversight.db"));
        var files = new List<object> { new { file = "oversight.db", bytes = result.Bytes, sha256 = await Sha256Async(result.Path) } };
        var key = Path.Combine(Path.GetFullPath(hosting.DataDirectory), SigningKeys.FileName);
        if (File.Exists(key))
        {
            var copied = Path.Combine(target, SigningKeys.FileName);
            File.Copy(key, copied);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(copied, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            files.Add(new { file = SigningKeys.FileName, bytes = new FileInfo(copied).Length, sha256 = await Sha256Async(copied) });
        }

        var manifest = new
        {
            createdAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            schemaVersion = result.SchemaVersion,
            events = result.Events,
            streams = result.Streams,
            blobs = result.Blobs,
            integrityCheck = result.IntegrityCheck,
            files,
        };
        await File.WriteAllTextAsync(Path.Combine(target, "backup.json"), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"backup: {target}: schema version {result.SchemaVersion}, {result.Events:N0} events in {result.Streams:N0} streams, "
            + $"{result.Blobs:N0} evidence files, {result.Bytes:N0} bytes, integrity {result.IntegrityCheck}");
        return 0;
    }

    private static async Task<string> Sha256Async(string path)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
    }
}
