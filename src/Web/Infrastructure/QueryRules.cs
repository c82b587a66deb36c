using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Web.Auth;

namespace Oversight.Web.Infrastructure;

/// <summary>
/// One rule for query parameters everywhere: a value out of range or malformed is refused with a 400 that names the
/// parameter; nothing is silently clamped or passed through.
/// </summary>
public static partial class QueryRules
{
    /// <summary>A page size or count: absent gives <paramref name="fallback"/>; otherwise 1..<paramref name="max"/>.</summary>
    public static ProblemHttpResult? Limit(int? value, int fallback, int max, out int limit, string name = "limit")
    {
        limit = value ?? fallback;
        return value is null || (value >= 1 && value <= max)
            ? null
            : Problems.BadRequest($"invalid-{name}", $"'{name}' is a whole number from 1 to {max}.", name);
    }

    /// <summary>An offset: absent gives 0; otherwise 0 or more.</summary>
    public static ProblemHttpResult? Offset(int? value, out int offset)
    {
        offset = value ?? 0;
        return value is null or >= 0 ? null : Problems.BadRequest("invalid-offset", "'offset' is a whole number ≥ 0.", "offset");
    }

    public static ProblemHttpResult? Unit(string? unit) =>
        unit is null || IsUnit(unit) ? null : Problems.BadRequest("invalid-unit", "'unit' is a unit code such as ICT or PLO-10.", "unit");

    public static ProblemHttpResult? ReportId(string? reportId) =>
        reportId is null || IsReportId(reportId) ? null : Problems.BadRequest("invalid-report", "'reportId' is a report id such as mol-digital-2565.", "reportId");

    /// <summary>
    /// The data set a board or list covers (<see cref="SyntheticReports.Of"/>): absent is the real reports; "synthetic"
    /// asks for every synthetic report (never mixed with real ones). A chosen report already decides its data set, so
    /// naming the other one beside it is refused rather than answered with an empty page.
    /// </summary>
    public static ProblemHttpResult? DataSet(string? value, string? reportId, out DataSet dataSet)
    {
        dataSet = Grains.Abstractions.Reports.DataSet.Real;
        if (value is not null && (!OversightJson.TryParseEnum(value, out dataSet) || dataSet == Grains.Abstractions.Reports.DataSet.All))
        {
            dataSet = Grains.Abstractions.Reports.DataSet.Real;
            return Problems.BadRequest("unknown-dataset", "'dataset' is real (the default) or synthetic.", "dataset");
        }
        if (value is not null && IsReportId(reportId) && SyntheticReports.Of(reportId) != dataSet)
        {
            return Problems.BadRequest("dataset-mismatch", $"Report '{reportId}' is not in the {value} data set; leave out 'dataset' when choosing a report.", "dataset");
        }
        dataSet = SyntheticReports.Of(reportId, dataSet);
        return null;
    }

    /// <summary>
    /// The unit a read is narrowed to, by the one scoping rule (<see cref="Grains.Abstractions.Common.ReadScope"/>): a
    /// unit officer always reads their own unit (asking for another is a 403); others read what they ask for.
    /// </summary>
    public static ProblemHttpResult? Scope(ClaimsPrincipal user, string? requested, out string? unit, string what = "records") =>
        user.Scope().TryNarrow(requested, out unit) ? null : Problems.Forbidden($"A unit officer reads only their own unit's {what} ({user.GetUnit()}).");

    public static bool IsUnit(string? code) => code is { Length: > 0 and <= 32 } && UnitPattern().IsMatch(code);

    public static bool IsReportId(string? id) => id is { Length: > 0 and <= 64 } && ReportIdPattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex UnitPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReportIdPattern();
}
