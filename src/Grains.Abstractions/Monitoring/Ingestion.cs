using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Monitoring;

/// <summary>One observation as submitted: a metric's value for a subject and period, from a source, true as of a date.</summary>
[GenerateSerializer, Immutable, Alias("oversight.ObservationInput")]
public sealed record ObservationInput(
    [property: Id(0)] string? Source,
    [property: Id(1)] string? Metric,
    [property: Id(2)] string? Subject,
    [property: Id(3)] string? Period,
    /// <summary>A number, or for a date metric the date as yyyy-MM-dd.</summary>
    [property: Id(4)] string? Value,
    [property: Id(5)] string? AsOf);

/// <summary>
/// What is wrong with one item of a batch or one row of a file: where (row/index, column) and why: <see cref="Code"/>
/// (one of <see cref="InputErrorCodes"/>) with its <see cref="Args"/>, and <see cref="Reason"/>, its English. Made by
/// <see cref="Of"/> (or <see cref="FromTextRule"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("oversight.InputError")]
public sealed partial record InputError(
    [property: Id(0)] int Row,
    [property: Id(1)] string Column,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Code,
    [property: Id(4)] IReadOnlyList<string> Args);

[GenerateSerializer, Immutable, Alias("oversight.IngestBatch")]
public sealed record IngestBatch(
    [property: Id(0)] IReadOnlyList<ObservationInput> Observations,
    /// <summary>The API key the batch came with (null for a file imported by a person).</summary>
    [property: Id(1)] string? KeyId,
    /// <summary>Who sent it: "apikey:{id}" or a username.</summary>
    [property: Id(2)] string SubmittedBy,
    /// <summary>When set, every item's source must be this one (an API key's own source).</summary>
    [property: Id(3)] string? RequiredSource = null,
    /// <summary>Check only: report what would happen, change nothing.</summary>
    [property: Id(4)] bool DryRun = false,
    /// <summary>The row number of each item (a file's rows); null numbers items from 0.</summary>
    [property: Id(5)] IReadOnlyList<int>? Rows = null);

[GenerateSerializer, Immutable, Alias("oversight.IngestResult")]
public sealed record IngestResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] int Received,
    [property: Id(2)] int Inserted,
    [property: Id(3)] int Replaced,
    [property: Id(4)] int Unchanged,
    [property: Id(5)] IReadOnlyList<InputError> Errors,
    /// <summary>SHA-256 of the accepted batch (its items, as kept in the audit trail); null when refused or unchanged.</summary>
    [property: Id(6)] string? BatchSha256,
    [property: Id(7)] long? AuditSeq);

/// <summary>
/// The one writer of observations (singleton key "metrics"): validates a batch, and when every item is valid appends
/// one hash-chained event (the batch's SHA-256, key id and counts; the items kept as a blob) with the rows it writes,
/// in one transaction, before answering. A resend of the same (source, metric, subject, period) replaces the value and
/// its history says so; an identical resend changes nothing. Batches are answered in the order they are classified;
/// one batch is prepared while the one before it is being stored (so the call interleaves, and the grain orders them).
/// </summary>
[Alias("oversight.IObservationIngestGrain")]
public interface IObservationIngestGrain : IGrainWithStringKey
{
    [Alias("Ingest"), ResponseTimeout("00:05:00"), AlwaysInterleave] Task<IngestResult> IngestAsync(IngestBatch batch);
}

// ---------------------------------------------------------------- API keys

[GenerateSerializer, Immutable, Alias("oversight.ApiKeyView")]
public sealed record ApiKeyView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Source,
    [property: Id(2)] string Name,
    [property: Id(3)] IReadOnlyList<string> Scopes,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string CreatedBy,
    [property: Id(6)] DateTimeOffset? LastUsedAt,
    [property: Id(7)] DateTimeOffset? RevokedAt);

/// <summary>A key that was checked: who it is (null when unknown or revoked).</summary>
[GenerateSerializer, Immutable, Alias("oversight.ApiKeyIdentity")]
public sealed record ApiKeyIdentity(
    [property: Id(0)] string Id,
    [property: Id(1)] string Source,
    [property: Id(2)] string Name,
    [property: Id(3)] IReadOnlyList<string> Scopes);

public static class ApiKeyScopes
{
    public const string MetricsWrite = "metrics:write";
    public const string ImportsWrite = "imports:write";

    public static readonly IReadOnlyList<string> All = [MetricsWrite, ImportsWrite];
}

/// <summary>API keys for systems that send data (singleton key "keys"): stored hashed, scoped, revoked at once.</summary>
[Alias("oversight.IApiKeyDirectoryGrain")]
public interface IApiKeyDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Creates a key; the secret is returned once (in <c>CreatedId</c>'s companion: the returned tuple) and only its hash is kept.</summary>
    [Alias("Create")] Task<(CommandResult Result, string? Key)> CreateAsync(Actor actor, string source, string name, IReadOnlyList<string> scopes);
    [Alias("List")] Task<IReadOnlyList<ApiKeyView>> ListAsync();
    [Alias("Revoke")] Task<CommandResult> RevokeAsync(Actor actor, string id);
    [Alias("Validate"), AlwaysInterleave] Task<ApiKeyIdentity?> ValidateAsync(string key);
}
