using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Abstractions.Resources;

namespace Oversight.Web.Pages;

/// <summary>
/// Small helpers the pages share: the UI language, domain labels (from <see cref="Labels"/>, never duplicated here),
/// dates in B.E. for Thai, the synthetic-data rule and friendly messages for refused commands.
/// </summary>
public static class Ui
{
    private static readonly JsonSerializerOptions PageJson = CreatePageJson();

    /// <summary>"en" or "th" (the default).</summary>
    public static string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "th";

    public static string Text(LocalizedText? text) => text?.For(Lang) ?? "";

    public static string Label(string key) => Labels.Get(key, Lang);

    public static string Status(RecommendationStatus status) => Label($"Status.{OversightJson.EnumValue(status)}");

    public static string Status(string status) => Label($"Status.{status}");

    public static string Response(AuditeeResponse? response) =>
        Label(response is { } r ? $"Response.{OversightJson.EnumValue(r)}" : "Response.none");

    public static string ActionStatus(ActionStatus status) => Label($"ActionStatus.{OversightJson.EnumValue(status)}");

    public static string ExtensionStatus(ExtensionStatus status) => Label($"ExtensionStatus.{OversightJson.EnumValue(status)}");

    public static string Decision(VerificationDecision decision) => Label($"Decision.{OversightJson.EnumValue(decision)}");

    public static string Role(UserRole role) => Label($"Role.{OversightJson.EnumValue(role)}");

    public static string Role(UserRole? role) => role is { } r ? Role(r) : Label("Role.none");

    public static string Wire<TEnum>(TEnum value) where TEnum : struct, Enum => OversightJson.EnumValue(value);

    /// <summary>"24 พ.ย. 69" in Thai (B.E.), "24 Nov 2026" in English.</summary>
    public static string Date(DateOnly date) => ThaiDates.Short(date, Lang);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "–";

    public static string LongDate(DateOnly date) => ThaiDates.Long(date, Lang);

    /// <summary>A moment as a Thai civil date (B.E. in Thai) and time, Bangkok time.</summary>
    public static string When(DateTimeOffset instant)
    {
        var local = instant.ToOffset(ThaiClock.Offset);
        return $"{Date(DateOnly.FromDateTime(local.DateTime))} {local:HH:mm}";
    }

    public static string When(DateTimeOffset? instant) => instant is { } i ? When(i) : "–";

    /// <summary>Machine-readable ISO date for &lt;time datetime&gt;.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    /// <summary>Data that is not the real SAO report: generated load-test reports and the demo copy.</summary>
    public static bool IsSynthetic(string? reportId) =>
        reportId is not null && SyntheticReports.IsSynthetic(reportId);

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };

    public static string StatusCss(RecommendationStatus status) => "st-" + OversightJson.EnumValue(status);

    /// <summary>JSON for a &lt;script type="application/json"&gt; block: HTML-sensitive characters are escaped, so it cannot end the element.</summary>
    public static string PageData(object value) => JsonSerializer.Serialize(value, PageJson);

    /// <summary>A refused command, said so that an officer knows what to do next.</summary>
    public static string Explain(IStringLocalizer localizer, CommandError? error)
    {
        if (error is null)
        {
            return localizer["Error.generic"];
        }
        switch (error.Kind)
        {
            case ErrorKind.Conflict:
                return localizer["Error.conflict"];
            case ErrorKind.Forbidden:
                return localizer["Error.forbidden"];
            case ErrorKind.NotFound:
                return localizer["Error.not-found"];
            case ErrorKind.TooLarge:
                return localizer["Error.file-too-large"];
            case ErrorKind.Unavailable:
                return localizer["Error.unavailable"];
        }
        var known = localizer[$"Error.{error.Code}"];
        return known.ResourceNotFound ? $"{localizer["Error.invalid"]} ({error.Detail})" : known.Value;
    }

    private static JsonSerializerOptions CreatePageJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        OversightJson.Configure(options);
        options.Encoder = JavaScriptEncoder.Default;
        return options;
    }
}
