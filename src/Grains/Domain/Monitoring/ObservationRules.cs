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
            void Error(string column, string code, params object?[] args) => errors.Add(InputError.Of(row, column, code, args));

            var source = o?.Source?.Trim();
            if (string.IsNullOrEmpty(source) || source.Length > 100 || !SourcePattern().IsMatch(source))
            {
                Error("source", InputErrorCodes.InvalidSource);
            }
            else if (requiredSource is not null && source != requiredSource)
            {
                Error("source", InputErrorCodes.SourceNotTheKeys, requiredSource);
            }
            var metric = MetricCatalog.Find(o?.Metric?.Trim());
            if (metric is null)
            {
                Error("metric", InputErrorCodes.UnknownMetric, Clip(o?.Metric));
            }
            var subject = o?.Subject?.Trim() ?? "";
            if (!MetricCatalog.TryParseSubject(subject, out var kind, out _))
            {
                Error("subject", InputErrorCodes.InvalidSubject, Clip(subject));
            }
            else if (metric is not null && kind != metric.Subject)
            {
                Error("subject", InputErrorCodes.SubjectKindMismatch, metric.Id, MetricCatalog.SubjectPrefix(metric.Subject), MetricCatalog.SubjectPrefix(kind));
            }
            else if (kind != SubjectKind.Report && !knownSubjects.Contains(subject))
            {
                Error("subject", kind == SubjectKind.Province ? InputErrorCodes.UnknownProvince : InputErrorCodes.UnknownSubject, Clip(subject));
            }
            else if (kind == SubjectKind.Report && requiredSource is not null)
            {
                Error("subject", InputErrorCodes.ReportSubjectFromKey);
            }
            var period = Periods.Parse(o?.Period?.Trim());
            if (period is null)
            {
                Error("period", InputErrorCodes.InvalidPeriod, Clip(o?.Period));
            }
            double value = 0;
            var text = o?.Value?.Trim();
            if (metric is { Kind: MetricValueKind.Date })
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    Error("value", InputErrorCodes.DateValueFormat, metric.Id);
                }
                else if (date > today)
                {
                    Error("value", InputErrorCodes.DateInFuture);
                }
                else if (date.DayNumber < metric.Min || date.DayNumber > metric.Max)
                {
                    Error("value", InputErrorCodes.DateValueRange, metric.Id, DateOnly.FromDayNumber((int)metric.Min), DateOnly.FromDayNumber((int)Math.Min(metric.Max, DateOnly.MaxValue.DayNumber)));
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
                    Error("value", InputErrorCodes.NotANumber, Clip(text));
                }
                else if (value < 0)
                {
                    Error("value", InputErrorCodes.NegativeCount);
                }
                else if (value < metric.Min || value > metric.Max)
                {
                    Error("value", InputErrorCodes.ValueRange, metric.Id, metric.Min, metric.Max, metric.Unit.En, metric.Unit.Th);
                }
                else if (metric.WholeNumber && value != Math.Floor(value))
                {
                    Error("value", InputErrorCodes.WholeNumber, metric.Id);
                }
            }
            if (!DateOnly.TryParseExact(o?.AsOf?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
            {
                Error("asOf", InputErrorCodes.AsOfFormat, Clip(o?.AsOf));
            }
            else if (asOf > today)
            {
                Error("asOf", InputErrorCodes.AsOfInFuture, today);
            }
            if (errors.Count > before)
            {
                continue;
            }
            var key = (source!, metric!.Id, subject, period!.Value.Label);
            if (seen.TryGetValue(key, out var first))
            {
                Error("period", InputErrorCodes.DuplicateObservation, first);
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
