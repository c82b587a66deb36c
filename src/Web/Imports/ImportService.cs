using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;

namespace Oversight.Web.Imports;

/// <summary>
/// Imports a file all or nothing: reads it (CSV or XLSX), maps its headers (Thai, English or the key) to the kind's
/// columns, and hands the rows to <see cref="IImportGrain"/>, which checks every row against the rules before anything
/// changes. Any bad header, cell or row means nothing changes, and the answer lists every one with its row, column and reason.
/// </summary>
public sealed class ImportService(IGrainFactory grains)
{
    public async Task<(ImportOutcome? Outcome, IReadOnlyList<InputError> Errors)> ImportAsync(string kind, byte[] content, Actor actor, bool dryRun)
    {
        var (table, readErrors) = ImportReader.Read(content);
        if (table is null)
        {
            return (null, readErrors);
        }
        var columns = ImportSchemas.Kinds[kind];
        var headerErrors = new List<InputError>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var keyOfHeader = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var column = columns.FirstOrDefault(c => c.Matches(table.Headers[i]));
            if (column is null)
            {
                headerErrors.Add(InputError.Of(1, table.Headers[i], InputErrorCodes.UnknownColumn));
            }
            else if (!index.TryAdd(column.Key, i))
            {
                headerErrors.Add(InputError.Of(1, table.Headers[i], InputErrorCodes.DuplicateColumn));
            }
            else
            {
                keyOfHeader[table.Headers[i]] = column.Key;
            }
        }
        foreach (var missing in columns.Where(c => c.Required && !index.ContainsKey(c.Key)))
        {
            headerErrors.Add(InputError.Of(1, missing.Header, InputErrorCodes.MissingColumn));
        }
        if (table.Rows.Count == 0)
        {
            headerErrors.Add(InputError.Of(2, "*", InputErrorCodes.NoRows));
        }
        // Errors found while reading (a formula, a row too long) are named by the column's key, like the rest.
        var cellErrors = readErrors.Select(e => keyOfHeader.TryGetValue(e.Column, out var key) ? e with { Column = key } : e).ToList();
        if (headerErrors.Count > 0)
        {
            return (null, [.. headerErrors, .. cellErrors]);
        }
        var keys = columns.Select(c => c.Key).ToArray();
        var rows = table.Rows.Select(r => new ImportRow(r.Row, keys.Select(k => index.TryGetValue(k, out var i) && i < r.Cells.Length ? r.Cells[i]?.Trim() : null).ToArray())).ToArray();
        // With a bad cell the file is refused whatever else: the rows are still checked (as a dry run) so that every bad row is listed.
        var checkOnly = dryRun || cellErrors.Count > 0;
        var (outcome, rowErrors) = await grains.GetGrain<IImportGrain>(0).ImportAsync(new ImportRows(kind, keys, rows), actor, checkOnly) switch
        {
            var result => (result.Outcome, result.Errors),
        };
        if (cellErrors.Count == 0)
        {
            return (outcome, rowErrors);
        }
        return (null, [.. cellErrors.Concat(rowErrors).DistinctBy(e => (e.Row, e.Column, e.Reason)).OrderBy(e => e.Row)]);
    }
}
