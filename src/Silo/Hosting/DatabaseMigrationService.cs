using Oversight.Storage;

namespace Oversight.Silo.Hosting;

/// <summary>Applies the project's SQL scripts (idempotent, versioned) before the silo starts.</summary>
public sealed class DatabaseMigrationService(DatabaseOptions options, ILogger<DatabaseMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var status = await DatabaseMigrator.MigrateAsync(options, logger, cancellationToken);
        logger.LogInformation("Database schema at version {Version} ({Provider})", status.CurrentVersion, options.Provider);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
