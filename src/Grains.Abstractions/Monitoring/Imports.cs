using Orleans.Concurrency;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Monitoring;

/// <summary>The kinds of file the system imports (their columns and templates are the Web host's).</summary>
public static class ImportKinds
{
    public const string Observations = "observations";
    public const string Contracts = "contracts";
    public const string EServices = "eservices";
    public const string Agencies = "agencies";
    public const string Datasets = "datasets";

    public static readonly IReadOnlyList<string> All = [Observations, Contracts, EServices, Agencies, Datasets];
}

/// <summary>A file's rows after reading: the column keys once, then each row's number in the file and its cells by those keys.</summary>
[GenerateSerializer, Immutable, Alias("oversight.ImportRows")]
public sealed record ImportRows(
    [property: Id(0)] string Kind,
    [property: Id(1)] IReadOnlyList<string> Columns,
    [property: Id(2)] IReadOnlyList<ImportRow> Rows);

[GenerateSerializer, Immutable, Alias("oversight.ImportRow")]
public sealed record ImportRow([property: Id(0)] int Row, [property: Id(1)] string?[] Cells);

/// <summary>What an import did (or, for a dry run, would do).</summary>
[GenerateSerializer, Immutable, Alias("oversight.ImportOutcome")]
public sealed record ImportOutcome(
    [property: Id(0)] string Kind,
    [property: Id(1)] int Rows,
    [property: Id(2)] int Inserted,
    [property: Id(3)] int Replaced,
    [property: Id(4)] int Unchanged,
    [property: Id(5)] int Created,
    [property: Id(6)] bool DryRun,
    [property: Id(7)] string? BatchSha256);

/// <summary>The outcome, or every bad row (nothing changed).</summary>
[GenerateSerializer, Immutable, Alias("oversight.ImportResult")]
public sealed record ImportResult([property: Id(0)] ImportOutcome? Outcome, [property: Id(1)] IReadOnlyList<InputError> Errors);

/// <summary>
/// Checks and applies an import's rows, all or nothing: every row is checked against the entities' rules first; any bad
/// row means nothing changes. Observations go through the one ingestion writer (one audited batch); entities are
/// registered through their grains with the importer as the actor.
/// </summary>
[Alias("oversight.IImportGrain")]
public interface IImportGrain : IGrainWithIntegerKey
{
    /// <remarks>
    /// A file of 100,000 rows takes seconds, and on a busy machine more than Orleans' default 30 s response timeout: the
    /// caller then got a 500 while the import went on and was applied. It waits as long as the ingestion it calls.
    /// </remarks>
    [Alias("Import"), ResponseTimeout("00:05:00")] Task<ImportResult> ImportAsync(ImportRows rows, Actor actor, bool dryRun);
}
