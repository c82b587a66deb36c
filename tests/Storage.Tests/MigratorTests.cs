using Oversight.Storage.Internal;
using Oversight.Storage.Orleans;
using Oversight.TestSupport;
using Orleans.Hosting;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Oversight.Storage.Tests;

public class MigratorTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Migrate_twice_applies_each_script_once_and_records_versions(DatabaseProvider provider)
    {
        var options = await TestDatabases.CreateAsync(provider, "migrate-twice", migrate: false);
        var scripts = SchemaScripts.For(provider);

        var first = await DatabaseMigrator.MigrateAsync(options);
        Assert.Equal(scripts.Select(s => s.Name), first.AppliedNow.Select(s => s.Name));
        Assert.Equal(scripts[^1].Version, first.CurrentVersion);
        Assert.Equal(provider, first.Provider);

        var second = await DatabaseMigrator.MigrateAsync(options);
        Assert.Empty(second.AppliedNow);
        Assert.Equal(first.CurrentVersion, second.CurrentVersion);

        Assert.Equal(scripts.Count, await TestDatabases.CountAsync(options, "oversight_schema_version"));
        foreach (var script in scripts)
        {
            var checksum = await TestDatabases.ScalarAsync(options, $"SELECT checksum FROM oversight_schema_version WHERE version = {script.Version}");
            Assert.Equal(script.Checksum, checksum);
        }

        // The Orleans query rows exist for the provider.
        Assert.True(await TestDatabases.CountAsync(options, "OrleansQuery") >= (provider == DatabaseProvider.Sqlite ? 4 : 20));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Two_concurrent_migrations_apply_every_script_exactly_once(DatabaseProvider provider)
    {
        var options = await TestDatabases.CreateAsync(provider, "migrate-concurrent", migrate: false);
        var scripts = SchemaScripts.For(provider);

        var results = await Task.WhenAll(
            Task.Run(() => DatabaseMigrator.MigrateAsync(options)),
            Task.Run(() => DatabaseMigrator.MigrateAsync(options)));

        var applied = results.SelectMany(r => r.AppliedNow).Select(s => s.Version).OrderBy(v => v).ToList();
        Assert.Equal(scripts.Select(s => s.Version), applied);
        Assert.All(results, r => Assert.Equal(scripts[^1].Version, r.CurrentVersion));
        Assert.Equal(scripts.Count, await TestDatabases.CountAsync(options, "oversight_schema_version"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_changed_applied_script_is_reported(DatabaseProvider provider)
    {
        var options = await TestDatabases.CreateAsync(provider, "migrate-tamper");
        var scripts = SchemaScripts.For(provider).ToList();
        var tampered = scripts.Select(s => s.Version == 10 ? s with { Sql = s.Sql + "\n-- edited after release\n" } : s).ToList();

        var ex = await Assert.ThrowsAsync<SchemaChecksumMismatchException>(() => DatabaseMigrator.MigrateAsync(options, tampered, null, CancellationToken.None));
        Assert.Contains("0010_oversight_events", ex.Message, StringComparison.Ordinal);
        Assert.Contains("changed", ex.Message, StringComparison.Ordinal);

        // The same when the recorded checksum is what changed.
        await TestDatabases.ExecAsync(options, "UPDATE oversight_schema_version SET checksum = 'deadbeef' WHERE version = 1");
        var ex2 = await Assert.ThrowsAsync<SchemaChecksumMismatchException>(() => DatabaseMigrator.MigrateAsync(options));
        Assert.Contains("0001_orleans_storage", ex2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sqlite_migration_creates_the_directory_and_switches_to_wal()
    {
        var path = TempPaths.NewSqliteFile("migrate-dir");
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={path}" };

        await DatabaseMigrator.MigrateAsync(options);

        Assert.True(File.Exists(path));
        Assert.Equal("wal", await TestDatabases.ScalarAsync(options, "PRAGMA journal_mode"));
    }

    [Fact]
    public void Sqlite_has_no_orleans_clustering_or_reminders()
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite };
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            Assert.Throws<NotSupportedException>(() => silo.UseOversightClustering(options));
            Assert.Throws<NotSupportedException>(() => silo.UseOversightReminders(options));
        });
        var clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.UseOrleansClient(client => Assert.Throws<NotSupportedException>(() => client.UseOversightClustering(options)));
    }
}
