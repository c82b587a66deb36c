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

    public async Task<IReadOnlyList<ProjectionMismatch>> CompareAsync(IReadOnlyList<RowOp> projection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        var mismatches = new List<ProjectionMismatch>();
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        for (var i = 0; i < projection.Count; i++)
        {
            switch (projection[i])
            {
                case UpsertRow upsert:
                    await CompareRowAsync(connection, upsert, mismatches, ct).ConfigureAwait(false);
                    break;
                case UpsertMany many:
                    foreach (var row in many.AsRows())
                    {
                        await CompareRowAsync(connection, row, mismatches, ct).ConfigureAwait(false);
                    }

                    break;
                case TableContents contents:
                    await CompareTableAsync(connection, contents, mismatches, ct).ConfigureAwait(false);
                    break;
                case DeleteRows delete:
                    var expected = projection.Skip(i + 1).OfType<UpsertRow>()
                        .Where(u => u.Table == delete.Table && u.Values.Any(v => v.Column == delete.Column && RowOpSql.Canonical(v.Value) == RowOpSql.Canonical(delete.Value)))
                        .ToList();
                    await CompareSetAsync(connection, delete, expected, mismatches, ct).ConfigureAwait(false);
                    break;
            }
        }

        return mismatches;
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

    private async Task CompareRowAsync(DbConnection connection, UpsertRow upsert, List<ProjectionMismatch> mismatches, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = RowOpSql.SelectRow(upsert);
        RowOpSql.Bind(command, upsert, _convert);
        var key = KeyText(upsert);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            mismatches.Add(new ProjectionMismatch(upsert.Table, key, "*", null, "row"));
            return;
        }

        for (var c = 0; c < upsert.Values.Count; c++)
        {
            var stored = RowOpSql.Canonical(reader.IsDBNull(c) ? null : reader.GetValue(c));
            var expected = RowOpSql.Canonical(upsert.Values[c].Value);
            if (stored != expected)
            {
                mismatches.Add(new ProjectionMismatch(upsert.Table, key, upsert.Values[c].Column, Display(stored), Display(expected)));
            }
        }
    }

    private async Task CompareSetAsync(DbConnection connection, DeleteRows delete, IReadOnlyList<UpsertRow> expected, List<ProjectionMismatch> mismatches, CancellationToken ct)
    {
        var keyColumns = expected.Count > 0 ? expected[0].Key : [delete.Column];
        await using var command = connection.CreateCommand();
        command.CommandText = RowOpSql.SelectRows(delete, keyColumns);
        RowOpSql.Bind(command, delete, _convert);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                stored.Add(string.Join("|", Enumerable.Range(0, keyColumns.Count).Select(c => RowOpSql.Canonical(reader.IsDBNull(c) ? null : reader.GetValue(c)))));
            }
        }

        var wanted = expected.Select(u => string.Join("|", keyColumns.Select(k => RowOpSql.Canonical(u[k])))).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in stored.Except(wanted).Order(StringComparer.Ordinal))
        {
            mismatches.Add(new ProjectionMismatch(delete.Table, string.Join("|", extra.Split('|').Select(Display)), "*", "row", null));
        }
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
