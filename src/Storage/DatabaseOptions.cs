namespace Oversight.Storage;

/// <summary>Which database engine holds the system's data.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded, one file (Microsoft.Data.Sqlite). Grain persistence only: no Orleans clustering or reminders.</summary>
    Sqlite,

    /// <summary>PostgreSQL 15+ (Npgsql). Grain persistence, clustering and reminders.</summary>
    PostgreSql,
}

/// <summary>Database settings, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// For SQLite a Microsoft.Data.Sqlite connection string (<c>Data Source=path</c>); for PostgreSQL an Npgsql one.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=data/oversight.db";
}
