using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Oversight.TestSupport;

/// <summary>
/// A real PostgreSQL for tests. <see cref="EnsureAsync"/> returns an admin connection string: the value of the
/// environment variable <c>OVERSIGHT_TEST_PG</c> when set, otherwise the line printed by
/// <c>scripts/test-postgres.sh ensure</c> (run once per process; it installs PostgreSQL with apt when missing and
/// starts or reuses a throwaway cluster on 127.0.0.1:${OVERSIGHT_PG_PORT:-55432}).
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "OVERSIGHT_TEST_PG";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _connectionString;

    public static async Task<string> EnsureAsync()
    {
        if (_connectionString is { } known)
        {
            return known;
        }

        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_connectionString is null)
            {
                var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
                _connectionString = !string.IsNullOrWhiteSpace(fromEnvironment)
                    ? fromEnvironment.Trim()
                    : await RunScriptAsync().ConfigureAwait(false);
            }

            return _connectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Creates a new, empty, uniquely named database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var admin = await EnsureAsync().ConfigureAwait(false);
        var name = Sanitize(prefix) + "_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8';", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/> (best effort, closing its sessions).</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (string.IsNullOrEmpty(name) || name == "postgres")
        {
            return;
        }

        var admin = await EnsureAsync().ConfigureAwait(false);
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE);", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static string Sanitize(string prefix)
    {
        var builder = new StringBuilder();
        foreach (var c in (prefix ?? "test").ToLowerInvariant())
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_');
        }

        var text = builder.ToString().Trim('_');
        if (text.Length == 0 || char.IsDigit(text[0]))
        {
            text = "t_" + text;
        }

        return text.Length > 40 ? text[..40] : text;
    }

    private static async Task<string> RunScriptAsync()
    {
        var script = Path.Combine(RepoRoot.Find(), "scripts", "test-postgres.sh");
        if (!File.Exists(script))
        {
            throw new FileNotFoundException("scripts/test-postgres.sh not found", script);
        }

        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("ensure");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        var output = (await stdout.ConfigureAwait(false)).Trim();
        var errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0 || output.Length == 0)
        {
            throw new InvalidOperationException($"scripts/test-postgres.sh ensure failed (exit {process.ExitCode}): {errors}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
    }
}

/// <summary>Finds the repository root: the nearest directory upwards that holds Oversight.sln.</summary>
public static class RepoRoot
{
    public static string Find(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Oversight.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Oversight.sln not found above " + (start ?? AppContext.BaseDirectory));
    }
}

/// <summary>Scratch files for tests.</summary>
public static class TempPaths
{
    /// <summary>
    /// A path for a new SQLite database file, /tmp/oversight-tests/&lt;prefix&gt;-&lt;guid&gt;/oversight.db. The directory is
    /// not created (the migrator creates it).
    /// </summary>
    public static string NewSqliteFile(string prefix)
    {
        var safe = string.Concat((prefix ?? "test").Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        return Path.Combine("/tmp", "oversight-tests", $"{safe}-{Guid.NewGuid():N}", "oversight.db");
    }
}

/// <summary>Where tests leave files for people to look at: $OVERSIGHT_ARTIFACTS, else TestResults/artifacts at the repository root.</summary>
public static class TestArtifacts
{
    public static string Directory()
    {
        var configured = Environment.GetEnvironmentVariable("OVERSIGHT_ARTIFACTS");
        var dir = string.IsNullOrWhiteSpace(configured) ? Path.Combine(RepoRoot.Find(), "TestResults", "artifacts") : configured;
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }
}
