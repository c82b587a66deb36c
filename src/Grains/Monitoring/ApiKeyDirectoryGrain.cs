using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Domain;
using Oversight.Grains.Domain.Monitoring;
using Oversight.Grains.Live;
using Oversight.Storage.Events;
using Oversight.Storage.Monitoring;

namespace Oversight.Grains.Monitoring;

public sealed record ApiKeyData(string Id, string Source, string Name, IReadOnlyList<string> Scopes, string KeySha256, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? RevokedAt);

public sealed record ApiKeyDirectoryState(IReadOnlyList<ApiKeyData> Keys);

/// <summary>The API keys, as a hash-chained stream: every creation and revocation is in the audit trail; only key hashes are kept.</summary>
public sealed partial class ApiKeyAggregate(string id) : EntityAggregate<ApiKeyDirectoryState>("apikeys", id)
{
    public override IReadOnlyList<string> Units => [];

    public EntityDecision DecideCreate(Actor actor, string keyId, string source, string name, IReadOnlyList<string> scopes, string keySha256)
    {
        if (actor.Role != UserRole.Admin) return CommandError.Forbidden("Only an administrator manages API keys.");
        if (string.IsNullOrWhiteSpace(source) || source.Length > 100 || !SourcePattern().IsMatch(source))
        {
            return CommandError.Invalid("invalid-source", "'source' is 1–100 characters: letters, digits and . _ : / - (it names where the key's figures come from).", "source");
        }
        if (ObservationRules.IsSynthetic(source) || source.StartsWith("report:", StringComparison.Ordinal))
        {
            return CommandError.Invalid("reserved-source", "Sources starting with 'synthetic' or 'report:' are the system's own.", "source");
        }
        // Imports made with the key are shown under its name: it may not read as the system's own actors.
        if (TextRules.CheckDisplayName(name, "name", out var cleaned) is { } bad) return bad;
        if (scopes.Count == 0 || scopes.Any(s => !ApiKeyScopes.All.Contains(s)))
        {
            return CommandError.Invalid("invalid-scopes", $"'scopes' is a list of: {string.Join(", ", ApiKeyScopes.All)}.", "scopes");
        }
        return Created(actor, new ApiKeyCreated(keyId, source, cleaned, scopes.Distinct(StringComparer.Ordinal).ToArray(), keySha256), keyId, null,
            new FieldChange($"keys[{keyId}]", null, $"{source} {cleaned} ({string.Join(", ", scopes)})"));
    }

    public EntityDecision DecideRevoke(Actor actor, string keyId)
    {
        if (actor.Role != UserRole.Admin) return CommandError.Forbidden("Only an administrator manages API keys.");
        var key = State?.Keys.FirstOrDefault(k => k.Id == keyId);
        if (key is null) return CommandError.NotFound($"API key '{keyId}' does not exist.");
        if (key.RevokedAt is not null) return CommandError.Invalid("already-revoked", $"API key '{keyId}' was already revoked.");
        return Event(actor, new ApiKeyRevoked(keyId), null, new FieldChange($"keys[{keyId}].revoked", "false", "true"));
    }

    protected override ApiKeyDirectoryState? Fold(ApiKeyDirectoryState? state, EntityEventData data, DateTimeOffset at, ActorRef actor) => data switch
    {
        ApiKeyCreated c => new ApiKeyDirectoryState([.. state?.Keys ?? [], new ApiKeyData(c.KeyId, c.Source, c.Name, c.Scopes, c.KeySha256, at, actor.Username, null)]),
        ApiKeyRevoked r when state is not null => state with { Keys = state.Keys.Select(k => k.Id == r.KeyId ? k with { RevokedAt = at } : k).ToArray() },
        _ => null,
    };

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:/-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex SourcePattern();
}

public sealed class ApiKeyDirectoryGrain(IEventStore events, IChangePublisher changes, MonitoringStore store, TimeProvider time, ILogger<ApiKeyDirectoryGrain> logger)
    : EntityGrain<ApiKeyAggregate, ApiKeyDirectoryState>(events, changes, time, logger), IApiKeyDirectoryGrain
{
    private const string Prefix = "ovk_";

    /// <summary>How often uses are written down: a key's "last used" is at most this stale after a crash.</summary>
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, DateTimeOffset> _lastUsed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unsaved = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        foreach (var (id, at) in await store.ReadKeyUseAsync(cancellationToken))
        {
            _lastUsed[id] = at;
        }
        this.RegisterGrainTimer(FlushUsesAsync, new GrainTimerCreationOptions(FlushEvery, FlushEvery) { Interleave = false });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await FlushUsesAsync(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task FlushUsesAsync(CancellationToken ct)
    {
        if (_unsaved.Count == 0)
        {
            return;
        }
        var batch = _unsaved.Select(id => KeyValuePair.Create(id, _lastUsed[id])).ToArray();
        _unsaved.Clear();
        try
        {
            await store.RecordKeyUseAsync(batch, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogWarning(e, "Could not record the last use of {Count} API keys; trying again later", batch.Length);
            foreach (var (id, _) in batch)
            {
                _unsaved.Add(id);
            }
        }
    }

    protected override ApiKeyAggregate Create(string id) => new(id);

    protected override object? LivePayload() => null; // keys are not shown on any board

    public async Task<(CommandResult Result, string? Key)> CreateAsync(Actor actor, string source, string name, IReadOnlyList<string> scopes)
    {
        await EnsureReadableAsync();
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var keyId = "key-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var result = await CommitAsync(Aggregate.DecideCreate(actor, keyId, source, name, scopes, Hash(secret)));
        return (result, result.Ok ? secret : null);
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync()
    {
        await EnsureReadableAsync();
        return (Aggregate.State?.Keys ?? []).Select(k => new ApiKeyView(k.Id, k.Source, k.Name, k.Scopes, k.CreatedAt, k.CreatedBy,
            _lastUsed.TryGetValue(k.Id, out var used) ? used : null, k.RevokedAt)).ToArray();
    }

    public async Task<CommandResult> RevokeAsync(Actor actor, string id)
    {
        await EnsureReadableAsync();
        return await CommitAsync(Aggregate.DecideRevoke(actor, id));
    }

    public Task<ApiKeyIdentity?> ValidateAsync(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200 || !key.StartsWith(Prefix, StringComparison.Ordinal) || Aggregate.State is null)
        {
            return Task.FromResult<ApiKeyIdentity?>(null);
        }
        var hash = Hash(key);
        var found = Aggregate.State.Keys.FirstOrDefault(k => k.RevokedAt is null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(k.KeySha256), Encoding.ASCII.GetBytes(hash)));
        if (found is null)
        {
            return Task.FromResult<ApiKeyIdentity?>(null);
        }
        _lastUsed[found.Id] = Time.GetUtcNow();
        _unsaved.Add(found.Id);
        return Task.FromResult<ApiKeyIdentity?>(new ApiKeyIdentity(found.Id, found.Source, found.Name, found.Scopes));
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
