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
    /// <summary>
    /// A page size or count: absent (or empty) gives <paramref name="fallback"/>; otherwise a whole number from 1 to
    /// <paramref name="max"/>. Anything else (not a number, a sign, an overflow, out of range) is one refusal,
    /// <c>invalid-{name}</c>: the framework's binder never answers for it.
    /// </summary>
    public static ProblemHttpResult? Limit(string? text, int fallback, int max, out int limit, string name = "limit")
    {
        limit = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (TryWholeNumber(text, max, out var value) && value >= 1)
        {
            limit = (int)value;
            return null;
        }
        return Problems.BadRequest($"invalid-{name}", $"'{name}' is a whole number from 1 to {max}.", name);
    }

    /// <summary>The first of several checks' problems, or null (each check runs, so each sets its value).</summary>
    public static ProblemHttpResult? First(params ProblemHttpResult?[] problems) => problems.FirstOrDefault(p => p is not null);

    /// <summary>An offset: absent (or empty) gives 0; otherwise a whole number ≥ 0 (<c>invalid-offset</c>).</summary>
    public static ProblemHttpResult? Offset(string? text, out int offset)
    {
        offset = 0;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (TryWholeNumber(text, int.MaxValue, out var value))
        {
            offset = (int)value;
            return null;
        }
        return Problems.BadRequest("invalid-offset", "'offset' is a whole number ≥ 0.", "offset");
    }

    /// <summary>A yes/no flag: absent (or empty) gives null; otherwise <c>true</c> or <c>false</c> (<c>invalid-{name}</c>).</summary>
    public static ProblemHttpResult? Flag(string? text, string name, out bool? flag)
    {
        flag = text switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };
        return text is null or "" or "true" or "false" ? null : Problems.BadRequest($"invalid-{name}", $"'{name}' is true or false.", name);
    }

    /// <summary>
    /// The one parser of whole numbers written in a request (query values, form fields such as <c>expectedVersion</c>):
    /// ASCII digits only, whatever the culture (no sign, spaces, separators or Thai digits), at most <paramref name="max"/>.
    /// </summary>
    public static bool TryWholeNumber(string? text, long max, out long value)
    {
        // Every character a digit: the framework's parser would also take trailing NULs ("1\0" as 1).
        if (text is { Length: > 0 } && text.All(char.IsAsciiDigit)
            && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value <= max)
        {
            return true;
        }
        value = 0;
        return false;
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
