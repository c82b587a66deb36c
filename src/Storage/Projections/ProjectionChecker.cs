using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Oversight.Storage.Projections;

/// <summary>One difference between a read-model row and the row its events give.</summary>
public sealed record ProjectionMismatch(string Table, string Key, string Column, string? Stored, string? Expected);

/// <summary>
/// Compares the rows in the database with a projection (what the events say they must be): each upserted row must
/// exist with exactly those values, and a <see cref="DeleteRows"/> followed by upserts into the same table names the
/// complete set of those rows (so an extra row is found too). Reads only; works on either provider.
/// </summary>
public sealed class ProjectionChecker
{
    private readonly DbDataSource _source;
    private readonly Func<object?, object> _convert;

    internal ProjectionChecker(DbDataSource source, Func<object?, object> convert)
    {
        _source = source;
        _convert = convert;
    }

    /// <summary>Rows read or matched per query when many projections are compared at once.</summary>
    public const int Batch = 250;

    public async Task<IReadOnlyList<ProjectionMismatch>> CompareAsync(IReadOnlyList<RowOp> projection, CancellationToken ct = default) =>
        (await CompareManyAsync([projection], ct).ConfigureAwait(false))[0];

    /// <summary>
    /// <see cref="CompareAsync"/> for many projections (one per stream), with one query per table and
    /// <see cref="Batch"/> rows instead of one per row: verifying 100,000 streams is then a few hundred round trips, not
    /// a few hundred thousand. Each projection's mismatches come back in the order of its operations.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<ProjectionMismatch>>> CompareManyAsync(IReadOnlyList<IReadOnlyList<RowOp>> projections, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(projections);
        var found = projections.Select(_ => new List<(int Op, ProjectionMismatch Mismatch)>()).ToArray();
        var rows = new Dictionary<string, List<RowCheck>>(StringComparer.Ordinal);
        var sets = new Dictionary<string, List<SetCheck>>(StringComparer.Ordinal);
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        for (var owner = 0; owner < projections.Count; owner++)
        {
            var projection = projections[owner] ?? throw new ArgumentException("A projection is null.", nameof(projections));
            for (var i = 0; i < projection.Count; i++)
            {
                switch (projection[i])
                {
                    case UpsertRow upsert:
                        Add(rows, Shape(upsert), new RowCheck(owner, i, upsert));
                        break;
                    case UpsertMany many:
                        foreach (var row in many.AsRows())
                        {
                            Add(rows, Shape(row), new RowCheck(owner, i, row));
                        }

                        break;
                    case TableContents contents:
                        var table = new List<ProjectionMismatch>();
                        await CompareTableAsync(connection, contents, table, ct).ConfigureAwait(false);
                        found[owner].AddRange(table.Select(m => (i, m)));
                        break;
                    case DeleteRows delete:
                        var expected = projection.Skip(i + 1).OfType<UpsertRow>()
                            .Where(u => u.Table == delete.Table && u.Values.Any(v => v.Column == delete.Column && RowOpSql.Canonical(v.Value) == RowOpSql.Canonical(delete.Value)))
                            .ToList();
                        var keyColumns = expected.Count > 0 ? expected[0].Key : [delete.Column];
                        var wanted = expected.Select(u => string.Join("|", keyColumns.Select(k => RowOpSql.Canonical(u[k])))).ToHashSet(StringComparer.Ordinal);
                        Add(sets, $"{delete.Table}|{delete.Column}|{string.Join(",", keyColumns)}", new SetCheck(owner, i, delete, keyColumns, wanted));
                        break;
                }
            }
        }

        foreach (var group in rows.Values)
        {
            foreach (var chunk in group.Chunk(Batch))
            {
                await CompareRowsAsync(connection, chunk, found, ct).ConfigureAwait(false);
            }
        }

        foreach (var group in sets.Values)
        {
            foreach (var chunk in group.Chunk(Batch))
            {
                await CompareSetsAsync(connection, chunk, found, ct).ConfigureAwait(false);
            }
        }

        return found.Select(f => (IReadOnlyList<ProjectionMismatch>)f.OrderBy(m => m.Op).Select(m => m.Mismatch).ToList()).ToArray();
    }

    private sealed record RowCheck(int Owner, int Op, UpsertRow Row);

    private sealed record SetCheck(int Owner, int Op, DeleteRows Delete, IReadOnlyList<string> KeyColumns, HashSet<string> Wanted);

    /// <summary>Rows of one shape (table, key, columns) are read by one query.</summary>
    private static string Shape(UpsertRow u) => $"{u.Table}|{string.Join(",", u.Key)}|{string.Join(",", u.Values.Select(v => v.Column))}";

    private static void Add<T>(Dictionary<string, List<T>> groups, string key, T item)
    {
        if (!groups.TryGetValue(key, out var list))
        {
            groups[key] = list = [];
        }

        list.Add(item);
    }

    /// <summary>Every distinct value of <paramref name="column"/> in <paramref name="table"/> (to find rows no stream accounts for).</summary>
    public async IAsyncEnumerable<string> KeysAsync(string table, string column, string? whereColumn = null, object? whereValue = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT {RowOpSql.Name(column)} FROM {RowOpSql.Name(table)}"
            + (whereColumn is null ? "" : $" WHERE {RowOpSql.Name(whereColumn)} = @p0") + ";";
        if (whereColumn is not null)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@p0";
            p.Value = _convert(whereValue);
            command.Parameters.Add(p);
        }
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            yield return Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
    }

    /// <summary>Rows of one table and one column set, by key: one query for the chunk.</summary>
    private async Task CompareRowsAsync(DbConnection connection, IReadOnlyList<RowCheck> checks, List<(int Op, ProjectionMismatch Mismatch)>[] found, CancellationToken ct)
    {
        var first = checks[0].Row;
        var keys = first.Key;
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", first.Values.Select(v => RowOpSql.Name(v.Column)))} FROM {RowOpSql.Name(first.Table)} WHERE "
            + KeyIn(command, keys, checks.Select(c => keys.Select(k => c.Row[k]).ToArray()).ToArray()) + ";";
        var keyIndex = keys.Select(k => first.Values.ToList().FindIndex(v => v.Column == k)).ToArray();
        var stored = new Dictionary<string, string[]>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var values = Enumerable.Range(0, first.Values.Count).Select(c => RowOpSql.Canonical(reader.IsDBNull(c) ? null : reader.GetValue(c))).ToArray();
                stored[string.Join("|", keyIndex.Select(i => values[i]))] = values;
            }
        }

        foreach (var check in checks)
        {
            var key = string.Join("|", keys.Select(k => RowOpSql.Canonical(check.Row[k])));
            if (!stored.TryGetValue(key, out var values))
            {
                found[check.Owner].Add((check.Op, new ProjectionMismatch(check.Row.Table, KeyText(check.Row), "*", null, "row")));
                continue;
            }

            for (var c = 0; c < check.Row.Values.Count; c++)
            {
                var expected = RowOpSql.Canonical(check.Row.Values[c].Value);
                if (values[c] != expected)
                {
                    found[check.Owner].Add((check.Op, new ProjectionMismatch(check.Row.Table, KeyText(check.Row), check.Row.Values[c].Column, Display(values[c]), Display(expected))));
                }
            }
        }
    }

    /// <summary>The complete sets of rows deletes name (one table and column): one query for the chunk; a row no projection expects is an extra.</summary>
    private async Task CompareSetsAsync(DbConnection connection, IReadOnlyList<SetCheck> checks, List<(int Op, ProjectionMismatch Mismatch)>[] found, CancellationToken ct)
    {
        var first = checks[0];
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RowOpSql.Name(first.Delete.Column)}, {string.Join(", ", first.KeyColumns.Select(RowOpSql.Name))} FROM {RowOpSql.Name(first.Delete.Table)} WHERE "
            + KeyIn(command, [first.Delete.Column], checks.Select(c => new[] { c.Delete.Value }).DistinctBy(v => RowOpSql.Canonical(v[0])).ToArray()) + ";";
        var stored = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var owner = RowOpSql.Canonical(reader.IsDBNull(0) ? null : reader.GetValue(0));
                var key = string.Join("|", Enumerable.Range(1, first.KeyColumns.Count).Select(c => RowOpSql.Canonical(reader.IsDBNull(c) ? null : reader.GetValue(c))));
                if (!stored.TryGetValue(owner, out var set))
                {
                    stored[owner] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(key);
            }
        }

        foreach (var check in checks)
        {
            if (!stored.TryGetValue(RowOpSql.Canonical(check.Delete.Value), out var set))
            {
                continue;
            }

            foreach (var extra in set.Except(check.Wanted).Order(StringComparer.Ordinal))
            {
                found[check.Owner].Add((check.Op, new ProjectionMismatch(check.Delete.Table, string.Join("|", extra.Split('|').Select(Display)), "*", "row", null)));
            }
        }
    }

    /// <summary>"The key is one of these": <c>k IN (…)</c> for one column, <c>(k1, k2) IN (VALUES (…), …)</c> for more; every value bound.</summary>
    private string KeyIn(DbCommand command, IReadOnlyList<string> columns, IReadOnlyList<object?[]> keys)
    {
        var tuples = new List<string>(keys.Count);
        foreach (var key in keys)
        {
            var names = new List<string>(key.Length);
            foreach (var value in key)
            {
                var p = command.CreateParameter();
                p.ParameterName = "@p" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                p.Value = _convert(value);
                command.Parameters.Add(p);
                names.Add(p.ParameterName);
            }

            tuples.Add(columns.Count == 1 ? names[0] : "(" + string.Join(", ", names) + ")");
        }

        return columns.Count == 1
            ? $"{RowOpSql.Name(columns[0])} IN ({string.Join(", ", tuples)})"
            : $"({string.Join(", ", columns.Select(RowOpSql.Name))}) IN (VALUES {string.Join(", ", tuples)})";
    }

    /// <summary>The whole table against its expected contents: missing, extra and different rows.</summary>
    private static async Task CompareTableAsync(DbConnection connection, TableContents contents, List<ProjectionMismatch> mismatches, CancellationToken ct)
    {
        var keyIndex = contents.Key.Select(k => contents.Columns.ToList().IndexOf(k)).ToArray();
        string KeyOf(IReadOnlyList<string> canonical) => string.Join("|", keyIndex.Select(i => canonical[i]));
        var expected = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var row in contents.Rows)
        {
            var canonical = row.Select(RowOpSql.Canonical).ToArray();
            expected[KeyOf(canonical)] = canonical;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", contents.Columns.Select(RowOpSql.Name))} FROM {RowOpSql.Name(contents.Table)};";
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var stored = Enumerable.Range(0, contents.Columns.Count).Select(c => RowOpSql.Canonical(reader.IsDBNull(c) ? null : reader.GetValue(c))).ToArray();
            var key = KeyOf(stored);
            seen.Add(key);
            if (!expected.TryGetValue(key, out var want))
            {
                mismatches.Add(new ProjectionMismatch(contents.Table, Display(key)!, "*", "row", null));
                continue;
            }

            for (var c = 0; c < stored.Length; c++)
            {
                if (stored[c] != want[c])
                {
                    mismatches.Add(new ProjectionMismatch(contents.Table, Display(key)!, contents.Columns[c], Display(stored[c]), Display(want[c])));
                }
            }
        }

        foreach (var missing in expected.Keys.Where(k => !seen.Contains(k)))
        {
            mismatches.Add(new ProjectionMismatch(contents.Table, Display(missing)!, "*", null, "row"));
        }
    }

    private static string KeyText(UpsertRow upsert) =>
        string.Join("|", upsert.Key.Select(k => Display(RowOpSql.Canonical(upsert[k]))));

    private static string? Display(string canonical) => canonical == "∅" ? null : canonical.Length > 2 && canonical[1] == ':' ? canonical[2..] : canonical;
}
