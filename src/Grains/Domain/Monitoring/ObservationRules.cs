using System.Globalization;
using System.Text.RegularExpressions;
using Oversight.Grains.Abstractions.Monitoring;

namespace Oversight.Grains.Domain.Monitoring;

/// <summary>A valid observation, ready to be written.</summary>
public sealed record ValidObservation(int Row, string Source, MetricDefinition Metric, string Subject, string Period, double Value, DateOnly AsOf, bool Synthetic);

/// <summary>
/// The rules for an observation: a known metric; a subject of that metric's kind that exists (a province code, a
/// registered e-service, agency, dataset or contract); a period that parses (yyyy-MM or FY + B.E. year); a value in the
/// metric's range (whole for counts, a date for date metrics, never negative); an as-of date that is not in the
/// future; a source; and no two items for the same (source, metric, subject, period) in one batch.
/// </summary>
public static partial class ObservationRules
{
    public const int MaxBatch = 10_000;

    public static (IReadOnlyList<ValidObservation> Valid, IReadOnlyList<InputError> Errors) Validate(
        IReadOnlyList<ObservationInput> inputs, Func<int, int> rowOf, ISet<string> knownSubjects, DateOnly today, string? requiredSource)
    {
        var valid = new List<ValidObservation>(inputs.Count);
        var errors = new List<InputError>();
        var seen = new Dictionary<(string, string, string, string), int>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var row = rowOf(i);
            var o = inputs[i];
            var before = errors.Count;
            void Error(string column, string reason) => errors.Add(new InputError(row, column, reason));

            var source = o?.Source?.Trim();
            if (string.IsNullOrEmpty(source) || source.Length > 100 || !SourcePattern().IsMatch(source))
            {
                Error("source", "a source is 1–100 characters: letters, digits and . _ : / - (e.g. lbda or import:2569-10)");
            }
            else if (requiredSource is not null && source != requiredSource)
            {
                Error("source", $"this key sends figures of source '{requiredSource}' only");
            }
            var metric = MetricCatalog.Find(o?.Metric?.Trim());
            if (metric is null)
            {
                Error("metric", $"'{Clip(o?.Metric)}' is not a known metric");
            }
            var subject = o?.Subject?.Trim() ?? "";
            if (!MetricCatalog.TryParseSubject(subject, out var kind, out _))
            {
                Error("subject", $"'{Clip(subject)}' is not a subject (province:{{code}}, eservice:{{id}}, agency:{{id}}, dataset:{{id}}, contract:{{id}})");
            }
            else if (metric is not null && kind != metric.Subject)
            {
                Error("subject", $"{metric.Id} is about {MetricCatalog.SubjectPrefix(metric.Subject)}:…, not {MetricCatalog.SubjectPrefix(kind)}:…");
            }
            else if (kind != SubjectKind.Report && !knownSubjects.Contains(subject))
            {
                Error("subject", kind == SubjectKind.Province ? $"'{Clip(subject)}' is not a province code (DOPA)" : $"'{Clip(subject)}' does not exist");
            }
            else if (kind == SubjectKind.Report && requiredSource is not null)
            {
                Error("subject", "figures about the audit report come from the report itself");
            }
            var period = Periods.Parse(o?.Period?.Trim());
            if (period is null)
            {
                Error("period", $"'{Clip(o?.Period)}' is not a period (yyyy-MM, or FY and a B.E. year such as FY2569)");
            }
            double value = 0;
            var text = o?.Value?.Trim();
            if (metric is { Kind: MetricValueKind.Date })
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    Error("value", $"{metric.Id} takes a date written yyyy-MM-dd");
                }
                else if (date > today)
                {
                    Error("value", "the date is in the future");
                }
                else if (date.DayNumber < metric.Min || date.DayNumber > metric.Max)
                {
                    Error("value", $"{metric.Id} is a date from {DateOnly.FromDayNumber((int)metric.Min):yyyy-MM-dd} to {DateOnly.FromDayNumber((int)Math.Min(metric.Max, DateOnly.MaxValue.DayNumber)):yyyy-MM-dd}");
                }
                else
                {
                    value = date.DayNumber;
                }
            }
            else if (metric is not null)
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
                {
                    Error("value", $"'{Clip(text)}' is not a number");
                }
                else if (value < 0)
                {
                    Error("value", "a count is never negative");
                }
                else if (value < metric.Min || value > metric.Max)
                {
                    Error("value", $"{metric.Id} is between {metric.Min.ToString(CultureInfo.InvariantCulture)} and {metric.Max.ToString(CultureInfo.InvariantCulture)} {metric.Unit.En}");
                }
                else if (metric.WholeNumber && value != Math.Floor(value))
                {
                    Error("value", $"{metric.Id} is a whole number");
                }
            }
            if (!DateOnly.TryParseExact(o?.AsOf?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
            {
                Error("asOf", $"'{Clip(o?.AsOf)}' is not a date written yyyy-MM-dd");
            }
            else if (asOf > today)
            {
                Error("asOf", $"an as-of date cannot be in the future (today is {today:yyyy-MM-dd})");
            }
            if (errors.Count > before)
            {
                continue;
            }
            var key = (source!, metric!.Id, subject, period!.Value.Label);
            if (seen.TryGetValue(key, out var first))
            {
                Error("period", $"the same source, metric, subject and period as row {first}");
                continue;
            }
            seen[key] = row;
            valid.Add(new ValidObservation(row, source!, metric, subject, period.Value.Label, value, asOf, IsSynthetic(source!)));
        }
        return (valid, errors);
    }

    public static bool IsSynthetic(string source) => source.StartsWith("synthetic", StringComparison.Ordinal);

    private static string Clip(string? text) => text is null ? "" : text.Length > 40 ? text[..40] + "…" : text;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:/-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex SourcePattern();
}
