using System.Text.Json;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Domain.Monitoring;

/// <summary>A decision on a command about a monitoring entity: the event to append, or why nothing happens.</summary>
public readonly record struct EntityDecision(EntityEvent? Event, CommandError? Error, string? CreatedId = null)
{
    public static implicit operator EntityDecision(CommandError error) => new(null, error);
}

/// <summary>
/// A monitoring entity rebuilt from its history: <c>Decide…</c> methods (in each subclass) check a command against the
/// rules and the state and produce the event; <see cref="Apply"/> folds an appended event. The state is a plain
/// record, stored as JSON in the read model and turned into views as of a day. Pure: no I/O, no clock.
/// </summary>
public abstract class EntityAggregate<TState>(string kind, string id) where TState : class
{
    private readonly List<HistoryEntry> _history = [];

    public string Kind { get; } = kind;
    public string Id { get; } = id;
    public long Version { get; private set; }
    public string LastHash { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    public TState? State { get; private set; }
    public bool Exists => State is not null;
    public IReadOnlyList<HistoryEntry> History => _history;

    /// <summary>The units that own the entity (the scoping rule reads by these).</summary>
    public abstract IReadOnlyList<string> Units { get; }

    /// <summary>Whether any of the entity's own facts are synthetic (demo values, a demo entity).</summary>
    public virtual bool Synthetic => false;

    public string StateJson => JsonSerializer.Serialize(State, OversightJson.Options);

    public static TState? ReadState(string json) => JsonSerializer.Deserialize<TState>(json, OversightJson.Options);

    public void Apply(long seq, DateTimeOffset at, EntityEvent @event, string prevHash, string hash)
    {
        if (seq != Version + 1)
        {
            throw new InvalidOperationException($"Event {seq} of {Kind}:{Id} does not follow version {Version}.");
        }
        State = Fold(State, @event.Data, at, @event.Actor) ?? throw new InvalidOperationException($"{@event.Data.Type} does not apply to {Kind}:{Id} in its state.");
        Version = seq;
        UpdatedAt = at;
        LastHash = hash;
        _history.Add(new HistoryEntry(seq, at, @event.Actor, @event.Data.Type, @event.Changes, @event.Note, prevHash, hash));
    }

    protected abstract TState? Fold(TState? state, EntityEventData data, DateTimeOffset at, ActorRef actor);

    protected CommandError? RequireExisting() => Exists ? null : CommandError.NotFound($"{Kind} '{Id}' does not exist.");

    protected CommandError? CheckVersion(long? expected) => expected is { } v && v != Version ? CommandError.Conflict(Version) : null;

    protected static EntityDecision Event(Actor actor, EntityEventData data, string? note, params FieldChange?[] changes) =>
        new(new EntityEvent(ActorRef.From(actor), changes.OfType<FieldChange>().ToArray(), note, data), null);

    protected static EntityDecision Created(Actor actor, EntityEventData data, string createdId, string? note, params FieldChange?[] changes) =>
        new(new EntityEvent(ActorRef.From(actor), changes.OfType<FieldChange>().ToArray(), note, data), null, createdId);

    protected static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
