using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;

namespace Oversight.Web.Pages;

/// <summary>
/// How the programme pages show a figure: its value in the figure's unit, and beside it, always visible, where it comes
/// from, the period, the date it is true as of (B.E. in Thai), its freshness, a "synthetic" mark where it is, and why
/// there is no value when the source gives none. Text is written through the HTML encoder (TagBuilder), never raw.
/// Labels come from MonitoringResource (<c>M</c> in the views).
/// </summary>
public static partial class ProgrammeUi
{
    public static readonly LocalizedText Baht = new("บาท", "baht");
    public static readonly LocalizedText Percent = new("%", "%");
    public static readonly LocalizedText Days = new("วัน", "days");

    private static CultureInfo Numbers => Ui.Lang == "en" ? CultureInfo.GetCultureInfo("en-GB") : CultureInfo.GetCultureInfo("th-TH");

    /// <summary>A value in its unit: "12.5%", "9,800,000 บาท", a date metric (its day number) as a date, "1,234 คน".</summary>
    public static string? Value(double? value, LocalizedText? unit)
    {
        if (value is not { } v)
        {
            return null;
        }
        var en = unit?.En ?? "";
        if (en == "%")
        {
            return v.ToString("#,##0.#", Numbers) + "%";
        }
        if (en == "date" && v is >= 1 and < 3_652_059)
        {
            return Ui.Date(DateOnly.FromDayNumber((int)v));
        }
        var number = v.ToString(en == "baht" ? "#,##0" : "#,##0.#", Numbers);
        return unit is null || string.IsNullOrEmpty(Ui.Text(unit)) ? number : $"{number} {Ui.Text(unit)}";
    }

    /// <summary>"2026-10" → "ต.ค. 69" / "Oct 2026"; "FY2569" → "ปีงบประมาณ 2569" / "FY2569"; other periods as given.</summary>
    public static string Period(string? period)
    {
        if (string.IsNullOrEmpty(period))
        {
            return "–";
        }
        if (MonthPeriod().Match(period) is { Success: true } month)
        {
            var first = new DateOnly(int.Parse(month.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture), 1);
            return Ui.Lang == "en" ? first.ToString("MMM yyyy", CultureInfo.GetCultureInfo("en-GB")) : ThaiDates.Short(first, "th")[2..].Trim();
        }
        if (FiscalPeriod().Match(period) is { Success: true } fiscal)
        {
            return Ui.Lang == "en" ? period : $"ปีงบประมาณ {fiscal.Groups[1].Value}";
        }
        return period;
    }

    /// <summary>Where a figure comes from, in words: the audit report, a computation, or the sending system's source name.</summary>
    public static string Source(IStringLocalizer m, string? source) => source switch
    {
        null or "" => "–",
        "computed" => m["Mon.Computed"],
        _ when source.StartsWith("report:", StringComparison.Ordinal) => $"{m["Mon.ReportSays"]} ({source["report:".Length..]})",
        _ => source,
    };

    public static string Freshness(IStringLocalizer m, Freshness freshness) => m[$"Fresh.{Ui.Wire(freshness)}"];

    /// <summary>The synthetic mark (visible text, not only colour).</summary>
    public static IHtmlContent SyntheticMark(IStringLocalizer m)
    {
        var mark = new TagBuilder("span");
        mark.AddCssClass("badge synthetic");
        mark.Attributes["data-testid"] = "synthetic";
        mark.Attributes["title"] = m["Mon.SyntheticLong"];
        mark.InnerHtml.Append(m["Mon.SyntheticLong"]);
        return mark;
    }

    /// <summary>A figure: its value (or why there is none) and, on the line below, its provenance.</summary>
    public static IHtmlContent Fig(IStringLocalizer m, Figure? figure, LocalizedText? unit = null, string? testId = null)
    {
        var wrap = new TagBuilder("span");
        wrap.AddCssClass("pfig");
        if (testId is not null)
        {
            wrap.Attributes["data-testid"] = testId;
        }
        var value = new TagBuilder("span");
        value.AddCssClass("pfig-value");
        var shown = Value(figure?.Value, unit);
        if (shown is null)
        {
            value.AddCssClass("none");
        }
        value.InnerHtml.Append(shown ?? (figure?.Note is { } note ? Ui.Text(note) : m["Mon.NoData"]));
        if (testId is not null)
        {
            value.Attributes["data-testid"] = testId + "-value";
        }
        wrap.InnerHtml.AppendHtml(value);
        if (figure is not null)
        {
            wrap.InnerHtml.AppendHtml(Provenance(m, figure, includeNote: shown is not null));
        }
        return wrap;
    }

    /// <summary>"Source: … · Period: … · As of: … · Freshness: …", the synthetic mark and the figure's note.</summary>
    public static IHtmlContent Provenance(IStringLocalizer m, Figure figure, bool includeNote = true)
    {
        var prov = new TagBuilder("small");
        prov.AddCssClass("prov");
        var source = new TagBuilder("span");
        source.Attributes["data-prov"] = "source";
        source.InnerHtml.Append($"{m["Mon.Source"]}: {Source(m, figure.Source)}");
        prov.InnerHtml.AppendHtml(source);
        if (!string.IsNullOrEmpty(figure.Period))
        {
            prov.InnerHtml.Append($" · {m["Mon.Period"]}: {Period(figure.Period)}");
        }
        var asOf = new TagBuilder("span");
        asOf.Attributes["data-prov"] = "as-of";
        asOf.InnerHtml.Append($" · {m["Mon.AsOf"]} ");
        if (figure.AsOf is { } date)
        {
            var time = new TagBuilder("time");
            time.Attributes["datetime"] = Ui.Iso(date);
            time.InnerHtml.Append(Ui.Date(date));
            asOf.InnerHtml.AppendHtml(time);
        }
        else
        {
            asOf.InnerHtml.Append("–");
        }
        prov.InnerHtml.AppendHtml(asOf);
        prov.InnerHtml.Append($" · {m["Mon.Freshness"]}: {Freshness(m, figure.Freshness)}");
        if (figure.Synthetic)
        {
            prov.InnerHtml.Append(" ");
            prov.InnerHtml.AppendHtml(SyntheticMark(m));
        }
        if (includeNote && figure.Note is { } note)
        {
            prov.InnerHtml.Append($" · {Ui.Text(note)}");
        }
        return prov;
    }

    // ---------------------------------------------------------------- history labels

    public static string EventLabel(IStringLocalizer m, string type)
    {
        var label = m[$"MEvent.{type}"];
        return label.ResourceNotFound ? type : label.Value;
    }

    /// <summary>"milestones[development].deliveredOn" → "งวดงาน development: วันส่งมอบ"; unknown names stay as they are.</summary>
    public static string FieldLabel(IStringLocalizer m, string field)
    {
        var match = FieldPattern().Match(field);
        if (!match.Success)
        {
            return Lookup(m, field);
        }
        var collection = Lookup(m, match.Groups[1].Value);
        var item = match.Groups[2].Value;
        return match.Groups[3].Success && match.Groups[3].Value.Length > 0 ? $"{collection} {item}: {Lookup(m, match.Groups[3].Value)}" : $"{collection} {item}";
    }

    private static string Lookup(IStringLocalizer m, string name)
    {
        var label = m[$"MField.{name}"];
        return label.ResourceNotFound ? name : label.Value;
    }

    /// <summary>A recorded value as people read it: ISO dates in B.E. (Thai) or C.E. (English), the rest as recorded.</summary>
    public static string FieldValue(string? value) =>
        value is null ? "–"
        : value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? Ui.Date(date)
        : value;

    /// <summary>
    /// Why a row or an item was refused, in the interface language: <c>ImportError.{code}</c> from MonitoringResource
    /// formatted with the error's arguments (a date argument in B.E. in Thai, via <see cref="FieldValue"/>); the domain's
    /// English reason for a code the resources do not have.
    /// </summary>
    public static string InputReason(IStringLocalizer m, InputError error)
    {
        var text = m[$"ImportError.{error.Code}"];
        return text.ResourceNotFound
            ? error.Reason
            : string.Format(CultureInfo.CurrentCulture, text.Value, error.Args.Select(a => (object)FieldValue(a)).ToArray());
    }

    /// <summary>A recommendation id without its report prefix ("mol-digital-2565.F1-R6" → "F1-R6").</summary>
    public static string RecCode(string id) => id[(id.IndexOf('.') + 1)..];

    [GeneratedRegex(@"^(\d{4})-(\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex MonthPeriod();

    [GeneratedRegex(@"^FY(\d{4})\z", RegexOptions.CultureInvariant)]
    private static partial Regex FiscalPeriod();

    [GeneratedRegex(@"^([a-zA-Z]+)\[([^\]]+)\](?:\.([a-zA-Z]+))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPattern();
}

/// <summary>A figure series as a table (partial <c>_FigureSeries</c>).</summary>
public sealed record SeriesTable(IReadOnlyList<Figure> Series, LocalizedText? Unit, string TestId, string Caption);
