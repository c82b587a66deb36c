using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Oversight.Storage.Projections;

/// <summary>
/// One statement of a read-model projection. An aggregate's owner turns its state into a list of these; the event
/// store runs them in the same transaction as the events they follow from (<see cref="Events.IEventStore.AppendAsync"/>),
/// and the verifier compares them with the rows in the database. Table and column names come from code (checked
/// against <c>^[a-z_][a-z0-9_]*$</c>); values are always bound parameters: <see cref="string"/>, <see cref="int"/>,
/// <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="DateOnly"/> or null.
/// </summary>
public abstract record RowOp(string Table);

/// <summary>
/// Insert the row, or update the row with the same <see cref="Key"/> columns: every non-key column, or with
/// <see cref="Update"/> only those (the writer knows the others already hold these values). Either way the row then
/// holds <see cref="Values"/>, which is what the verifier compares.
/// </summary>
public sealed record UpsertRow(string Table, IReadOnlyList<string> Key, IReadOnlyList<ColumnValue> Values) : RowOp(Table)
{
    /// <summary>The non-key columns an existing row gets from <see cref="Values"/>; null: all of them.</summary>
    public IReadOnlyList<string>? Update { get; init; }

    public object? this[string column] => Values.First(v => v.Column == column).Value;
}

/// <summary>
/// Delete every row whose <see cref="Column"/> equals <see cref="Value"/>. Followed by <see cref="UpsertRow"/>s into the
/// same table with the same column value, it states the complete set of those rows (the verifier holds it to that).
/// </summary>
public sealed record DeleteRows(string Table, string Column, object Value) : RowOp(Table);

public readonly record struct ColumnValue(string Column, object? Value);

/// <summary>Many rows into one table at once (a bulk upsert: the same rule as <see cref="UpsertRow"/> for each row).</summary>
public sealed record UpsertMany(string Table, IReadOnlyList<string> Key, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows) : RowOp(Table)
{
    public IEnumerable<UpsertRow> AsRows() => Rows.Select(r => new UpsertRow(Table, Key, Columns.Select((c, i) => new ColumnValue(c, r[i])).ToArray()));
}

/// <summary>
/// The complete contents of a table (what a stream's events give for it, e.g. every current observation). Verification
/// compares the whole table with it; a rebuild replaces the table's rows with it. Never part of an append.
/// </summary>
public sealed record TableContents(string Table, IReadOnlyList<string> Key, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows) : RowOp(Table);

/// <summary>The SQL for row operations, shared by both providers (SQLite ≥ 3.24 and PostgreSQL use the same upsert).</summary>
internal static partial class RowOpSql
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>Upsert statements by the row's shape (<see cref="UpsertShape"/>): found without building a key per row.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<UpsertRow, string> Upserts = new(UpsertShape.Instance);

    public static string Sql(RowOp op) => op switch
    {
        UpsertRow u => Upserts.TryGetValue(u, out var sql) ? sql : Upserts.GetOrAdd(u with { Values = [.. u.Values.Select(v => v with { Value = null })] }, BuildUpsert(u)),
        UpsertMany m => Sql(m.AsRows().FirstOrDefault() ?? throw new ArgumentException("An UpsertMany needs rows.", nameof(op))),
        DeleteRows d => Cache.GetOrAdd($"D|{d.Table}|{d.Column}", _ => $"DELETE FROM {Name(d.Table)} WHERE {Name(d.Column)} = @p0;"),
        _ => throw new ArgumentException($"Unknown row operation {op.GetType().Name}.", nameof(op)),
    };

    /// <summary>The parameter values of <see cref="Sql"/>, in @p0, @p1… order.</summary>
    public static IEnumerable<object?> Parameters(RowOp op) => op switch
    {
        UpsertRow u => u.Values.Select(v => v.Value),
        DeleteRows d => [d.Value],
        _ => throw new ArgumentException($"Unknown row operation {op.GetType().Name}.", nameof(op)),
    };

    /// <summary>A provider-neutral text form of a value, so values read back compare with values written.</summary>
    public static string Canonical(object? value) => value switch
    {
        null or DBNull => "∅",
        string s => "s:" + s,
        bool b => b ? "n:1" : "n:0",
        int i => "n:" + i.ToString(CultureInfo.InvariantCulture),
        long l => "n:" + l.ToString(CultureInfo.InvariantCulture),
        short h => "n:" + h.ToString(CultureInfo.InvariantCulture),
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => "n:" + ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => "d:" + d.ToString("R", CultureInfo.InvariantCulture),
        float f => Canonical((double)f),
        decimal m => Canonical((double)m),
        DateOnly date => "s:" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt when dt.TimeOfDay == TimeSpan.Zero => "s:" + dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => "s:" + Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A checked SQL identifier.</summary>
    public static string Name(string identifier) =>
        Identifier().IsMatch(identifier) ? identifier : throw new ArgumentException($"'{identifier}' is not a valid table or column name.", nameof(identifier));

    /// <summary>Two upserts have the same SQL when their table, key, columns (in order) and update list are the same.</summary>
    private sealed class UpsertShape : IEqualityComparer<UpsertRow>
    {
        public static readonly UpsertShape Instance = new();

        public bool Equals(UpsertRow? x, UpsertRow? y)
        {
            if (ReferenceEquals(x, y))
            {
                return true;
            }
            if (x is null || y is null || x.Table != y.Table || !x.Key.SequenceEqual(y.Key) || x.Values.Count != y.Values.Count
                || (x.Update is null) != (y.Update is null) || (x.Update is not null && !x.Update.SequenceEqual(y.Update!)))
            {
                return false;
            }
            for (var i = 0; i < x.Values.Count; i++)
            {
                if (x.Values[i].Column != y.Values[i].Column)
                {
                    return false;
                }
            }
            return true;
        }

        public int GetHashCode(UpsertRow row)
        {
            var hash = new HashCode();
            hash.Add(row.Table);
            foreach (var key in row.Key)
            {
                hash.Add(key);
            }
            foreach (var value in row.Values)
            {
                hash.Add(value.Column);
            }
            hash.Add(row.Update?.Count ?? -1);
            foreach (var column in row.Update ?? [])
            {
                hash.Add(column);
            }
            return hash.ToHashCode();
        }
    }

    private static int IndexOf(UpsertRow u, string column)
    {
        for (var i = 0; i < u.Values.Count; i++)
        {
            if (u.Values[i].Column == column)
            {
                return i;
            }
        }

        throw new ArgumentException($"Key column '{column}' of {u.Table} has no value.", nameof(u));
    }

    private static string BuildUpsert(UpsertRow u)
    {
        if (u.Key.Count == 0)
        {
            throw new ArgumentException($"An upsert into {u.Table} needs a key.", nameof(u));
        }

        foreach (var key in u.Key)
        {
            IndexOf(u, key);
        }

        var sql = new StringBuilder();
        sql.Append("INSERT INTO ").Append(Name(u.Table)).Append(" (")
            .Append(string.Join(", ", u.Values.Select(v => Name(v.Column)))).Append(") VALUES (")
            .Append(string.Join(", ", u.Values.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)))).Append(") ON CONFLICT (")
            .Append(string.Join(", ", u.Key.Select(Name))).Append(") DO ");
        if (u.Update?.FirstOrDefault(c => u.Key.Contains(c) || u.Values.All(v => v.Column != c)) is { } stray)
        {
            throw new ArgumentException($"'{stray}' is a key column of {u.Table} or has no value: it cannot be updated.", nameof(u));
        }

        var updates = u.Values.Where(v => !u.Key.Contains(v.Column) && (u.Update is null || u.Update.Contains(v.Column)))
            .Select(v => $"{Name(v.Column)} = excluded.{Name(v.Column)}").ToArray();
        sql.Append(updates.Length == 0 ? "NOTHING" : "UPDATE SET " + string.Join(", ", updates)).Append(';');
        return sql.ToString();
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
