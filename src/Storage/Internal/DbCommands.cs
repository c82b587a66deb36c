using System.Data.Common;
using System.Globalization;

namespace Oversight.Storage.Internal;

/// <summary>Provider-neutral commands with positional parameters named <c>@p0</c>, <c>@p1</c>, … (SQLite and PostgreSQL alike).</summary>
internal static class DbCommands
{
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params object?[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            p.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        return command;
    }
}
