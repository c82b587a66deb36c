using System.Data.Common;
using Oversight.Storage.Events;
using Oversight.Storage.Internal;

namespace Oversight.Storage.KeyRing;

/// <summary>One stored element of the key ring: its name (unique) and its XML.</summary>
public sealed record KeyRingElement(string Name, string Xml);

/// <summary>
/// The Data Protection key ring's rows (table <c>oversight_key_ring</c>), in the same database as everything else:
/// SQLite in Embedded mode, PostgreSQL in production, so every Web host shares one ring and a backup carries it.
/// Synchronous because ASP.NET Core's <c>IXmlRepository</c> is; it is read once per key-ring refresh, not per request.
/// </summary>
public sealed class KeyRingStore
{
    private readonly DbDataSource _source;

    internal KeyRingStore(DbDataSource source) => _source = source;

    public IReadOnlyList<KeyRingElement> ReadAll()
    {
        var elements = new List<KeyRingElement>();
        using var connection = _source.OpenConnection();
        using var command = DbCommands.Create(connection, null, "SELECT name, xml FROM oversight_key_ring ORDER BY created_at, name;");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            elements.Add(new KeyRingElement(reader.GetString(0), reader.GetString(1)));
        }
        return elements;
    }

    /// <summary>Adds an element. Storing a name twice keeps the first (names are unique per key; a repeat is a retry).</summary>
    public void Add(KeyRingElement element, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = _source.OpenConnection();
        using var command = DbCommands.Create(connection, null,
            "INSERT INTO oversight_key_ring (name, xml, created_at) VALUES (@p0, @p1, @p2) ON CONFLICT (name) DO NOTHING;",
            element.Name, element.Xml, EventHash.FormatTimestamp(at));
        command.ExecuteNonQuery();
    }
}
