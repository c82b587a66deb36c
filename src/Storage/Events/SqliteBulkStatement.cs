using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Oversight.Storage.Events;

/// <summary>
/// One statement of the event store's writer (an append's event and stream-head rows, and every projection row, one
/// bulk row at a time), prepared once on the writer's connection and run through SQLite's own API: values are bound by
/// position and the statement is stepped and reset, with nothing allocated per row but the UTF-8 of its text values.
/// Microsoft.Data.Sqlite's <see cref="SqliteCommand"/> looks each parameter up by name and builds a data reader on every
/// execution; on a 10,000-row batch that cost more than SQLite's own B-tree work (docs/benchmarks.md, issue 8).
/// Values follow the projection rule of <see cref="Projections.RowOp"/>: string, int, long, double, bool, DateOnly or null.
/// </summary>
internal sealed class SqliteBulkStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _positions;

    public SqliteBulkStatement(SqliteConnection connection, string sql, int parameters)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The writer's connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        // @p0…@pN-1 in the order of the row's values (RowOpSql); looked up once, bound by position for every row
        _positions = new int[parameters];
        for (var i = 0; i < parameters; i++)
        {
            _positions[i] = raw.sqlite3_bind_parameter_index(_statement, "@p" + i.ToString(CultureInfo.InvariantCulture));
            if (_positions[i] == 0)
            {
                throw new InvalidOperationException($"The statement has no parameter @p{i}: {sql}");
            }
        }
    }

    public void Execute(object?[] row)
    {
        Step(row);
        raw.sqlite3_reset(_statement);
    }

    /// <summary>
    /// Runs it with <paramref name="row"/> and reads its first result row (of a SELECT, or an INSERT's RETURNING, whose
    /// change is made by this first step) with <paramref name="read"/>; false when there is none.
    /// </summary>
    public bool TryReadFirst<T>(object?[] row, Func<sqlite3_stmt, T> read, out T value)
    {
        try
        {
            if (Step(row) == raw.SQLITE_ROW)
            {
                value = read(_statement);
                return true;
            }
            value = default!;
            return false;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    private int Step(object?[] row)
    {
        for (var i = 0; i < _positions.Length; i++)
        {
            Check(Bind(_positions[i], row[i]));
        }

        var result = raw.sqlite3_step(_statement);
        if (result != raw.SQLITE_DONE && result != raw.SQLITE_ROW)
        {
            var message = raw.sqlite3_errmsg(_db).utf8_to_string();
            raw.sqlite3_reset(_statement);
            throw new SqliteException($"SQLite Error {result}: '{message}'.", result, raw.sqlite3_extended_errcode(_db));
        }

        return result;
    }

    /// <summary>Binds a value as the store stores it everywhere (<see cref="SqliteValues.Convert"/>: a date as text, a flag as 0/1).</summary>
    private int Bind(int position, object? value) => SqliteValues.Convert(value) switch
    {
        DBNull => raw.sqlite3_bind_null(_statement, position),
        string text => raw.sqlite3_bind_text(_statement, position, text),
        double number => raw.sqlite3_bind_double(_statement, position, number),
        long number => raw.sqlite3_bind_int64(_statement, position, number),
        int number => raw.sqlite3_bind_int64(_statement, position, number),
        var other => throw new ArgumentException($"A projection value of type {other.GetType().Name} cannot be stored.", nameof(value)),
    };

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {result}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", result, raw.sqlite3_extended_errcode(_db));
        }
    }

    public void Dispose() => _statement.Dispose();
}
