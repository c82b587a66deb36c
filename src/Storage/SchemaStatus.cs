namespace Oversight.Storage;

/// <summary>One schema script: its version (the NNNN prefix of the file name), name and SHA-256 checksum.</summary>
public sealed record SchemaScriptInfo(int Version, string Name, string Checksum);

/// <summary>The result of <see cref="DatabaseMigrator.MigrateAsync"/>.</summary>
/// <param name="Provider">The database provider that was migrated.</param>
/// <param name="CurrentVersion">The highest applied script version after the run.</param>
/// <param name="AppliedNow">The scripts this run applied, in order (empty when the schema was already current).</param>
public sealed record SchemaStatus(DatabaseProvider Provider, int CurrentVersion, IReadOnlyList<SchemaScriptInfo> AppliedNow);

/// <summary>Thrown when an already-applied schema script no longer matches what was applied.</summary>
public sealed class SchemaChecksumMismatchException(string message) : InvalidOperationException(message);
