using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Units;
using Oversight.Web.Apis;
using Orleans.Concurrency;

namespace Oversight.Web.Pages.Recommendations;

/// <summary>
/// One recommendation: its text, response, status, action plan, evidence, extensions, verifications and history, with
/// the forms each role may use. Every form posts to a page handler that calls the recommendation grain with the
/// version rendered on the page, so a concurrent change is refused (and explained) instead of being overwritten.
/// </summary>
[Authorize]
[RequestSizeLimit(MaxUploadRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadRequestBytes)]
public sealed partial class DetailModel(IGrainFactory grains, TimeProvider time, IStringLocalizer<SharedResource> localizer) : OversightPageModel
{
    public const long MaxEvidenceBytes = RecommendationsApi.MaxEvidenceBytes;
    private const long MaxUploadRequestBytes = MaxEvidenceBytes + 1024 * 1024;

    private static readonly HashSet<string> DoneMessages =
        ["progress", "response", "action", "action-updated", "evidence", "withdrawn", "comment", "extension", "decision", "verification"];

    public RecommendationDetail Detail { get; private set; } = null!;

    public RecommendationSummary Summary => Detail.Summary;

    public DateOnly Today { get; private set; }

    public IReadOnlyDictionary<string, UnitView> Units { get; private set; } = new Dictionary<string, UnitView>();

    /// <summary>The message shown after a refused command (and the form it belongs to).</summary>
    public string? Error { get; private set; }

    public string? ErrorForm { get; private set; }

    public bool Conflict { get; private set; }

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public bool IsResponsibleOfficer => IsUnitOfficer && UserUnit is { } unit && Summary.Units.Contains(unit);

    public bool Closed => Summary.Status.IsClosed();

    public bool Overdue => Summary.IsOverdue(Today);

    public ExtensionView? PendingExtension => Detail.Extensions.LastOrDefault(e => e.Status == ExtensionStatus.Pending);

    public string? DoneMessage => Done is not null && DoneMessages.Contains(Done) ? localizer[$"Done.{Done}"].Value : null;

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await LoadAsync(id) is { } failure)
        {
            return failure;
        }
        return Page();
    }

    // ------------------------------------------------------------------ unit officer

    public Task<IActionResult> OnPostProgressAsync(string id, string? status, int? progress, string? note, long expectedVersion)
    {
        RecommendationStatus? target = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!OversightJson.TryParseEnum<RecommendationStatus>(status, out var parsed))
            {
                return InvalidAsync(id, "progress", "Error.invalid-transition");
            }
            target = parsed;
        }
        return WriteAsync(id, "progress", "progress",
            g => g.UpdateProgressAsync(CurrentActor, new UpdateProgress(target, progress, note ?? "", expectedVersion)));
    }

    public Task<IActionResult> OnPostResponseAsync(string id, string? response, string? note, long expectedVersion)
    {
        if (!OversightJson.TryParseEnum<AuditeeResponse>(response, out var parsed))
        {
            return InvalidAsync(id, "response", "Error.response-required");
        }
        return WriteAsync(id, "response", "response",
            g => g.RecordResponseAsync(CurrentActor, new RecordResponse(parsed, note ?? "", expectedVersion)));
    }

    public Task<IActionResult> OnPostAddActionAsync(string id, string? title, string? ownerUnit, string? dueDate, string? actionStatus, int? actionProgress, string? note, long expectedVersion)
    {
        if (ParseDate(dueDate) is not { } due)
        {
            return InvalidAsync(id, "action", "Error.date-required");
        }
        var status = OversightJson.TryParseEnum<ActionStatus>(actionStatus, out var s) ? s : ActionStatus.NotStarted;
        return WriteAsync(id, "action", "action",
            g => g.AddActionAsync(CurrentActor, new AddAction(title ?? "", ownerUnit ?? UserUnit ?? "", due, status, actionProgress ?? 0, note, expectedVersion)));
    }

    public Task<IActionResult> OnPostUpdateActionAsync(string id, string actionId, string? title, string? dueDate, string? actionStatus, int? actionProgress, string? note, long expectedVersion)
    {
        ActionStatus? status = OversightJson.TryParseEnum<ActionStatus>(actionStatus, out var s) ? s : null;
        return WriteAsync(id, "action-updated", $"action-{actionId}",
            g => g.UpdateActionAsync(CurrentActor, new UpdateAction(actionId ?? "", string.IsNullOrWhiteSpace(title) ? null : title, null, ParseDate(dueDate), status, actionProgress, note, expectedVersion)));
    }

    public async Task<IActionResult> OnPostEvidenceAsync(string id, IFormFile? file, string? description, long expectedVersion)
    {
        if (file is null || file.Length == 0)
        {
            return await InvalidAsync(id, "evidence", "Error.file-required");
        }
        if (file.Length > MaxEvidenceBytes)
        {
            return await InvalidAsync(id, "evidence", "Error.file-too-large");
        }
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, HttpContext.RequestAborted);
        }
        return await WriteAsync(id, "evidence", "evidence",
            g => g.AddEvidenceAsync(CurrentActor, new AddEvidence(file.FileName, string.IsNullOrWhiteSpace(description) ? null : description, expectedVersion),
                new Immutable<byte[]>(content)));
    }

    public Task<IActionResult> OnPostWithdrawAsync(string id, string evidenceId, string? reason, long expectedVersion) =>
        WriteAsync(id, "withdrawn", $"withdraw-{evidenceId}",
            g => g.WithdrawEvidenceAsync(CurrentActor, new WithdrawEvidence(evidenceId ?? "", reason ?? "", expectedVersion)));

    public Task<IActionResult> OnPostExtensionAsync(string id, string? requestedDueDate, string? reason, long expectedVersion)
    {
        if (ParseDate(requestedDueDate) is not { } requested)
        {
            return InvalidAsync(id, "extension", "Error.date-required");
        }
        return WriteAsync(id, "extension", "extension",
            g => g.RequestExtensionAsync(CurrentActor, new RequestExtension(requested, reason ?? "", expectedVersion)));
    }

    public Task<IActionResult> OnPostCommentAsync(string id, string? text, long expectedVersion) =>
        WriteAsync(id, "comment", "comment", g => g.AddCommentAsync(CurrentActor, new AddComment(text ?? "", expectedVersion)));

    // ------------------------------------------------------------------ auditor

    public Task<IActionResult> OnPostVerifyAsync(string id, string? decision, string? note, long expectedVersion)
    {
        if (!OversightJson.TryParseEnum<VerificationDecision>(decision, out var parsed))
        {
            return InvalidAsync(id, "verify", "Error.decision-required");
        }
        return WriteAsync(id, "verification", "verify", g => g.VerifyAsync(CurrentActor, new Verify(parsed, note ?? "", expectedVersion)));
    }

    public Task<IActionResult> OnPostDecideAsync(string id, string extensionId, string? decision, string? note, long expectedVersion)
    {
        if (!OversightJson.TryParseEnum<ExtensionDecision>(decision, out var parsed))
        {
            return InvalidAsync(id, "decide", "Error.decision-required");
        }
        return WriteAsync(id, "decision", "decide",
            g => g.DecideExtensionAsync(CurrentActor, new DecideExtension(extensionId ?? "", parsed, note ?? "", expectedVersion)));
    }

    // ------------------------------------------------------------------ helpers

    private async Task<IActionResult> WriteAsync(string id, string done, string form, Func<IRecommendationGrain, Task<CommandResult>> write)
    {
        if (!RecommendationsApi.IsValidId(id))
        {
            return NotFound();
        }
        if (!IsUnitOfficer && !IsAuditor)
        {
            return Forbid();
        }
        var result = await write(grains.GetGrain<IRecommendationGrain>(id));
        if (result.Ok)
        {
            // Post/redirect/get: a reload never repeats the write.
            return Redirect($"/recommendations/{Uri.EscapeDataString(id)}?done={done}#{Anchor(form)}");
        }
        if (await LoadAsync(id) is { } failure)
        {
            return failure;
        }
        Conflict = result.Error?.Kind == ErrorKind.Conflict;
        Error = Ui.Explain(localizer, result.Error);
        ErrorForm = form;
        Response.StatusCode = result.Error?.Kind switch
        {
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }

    private async Task<IActionResult> InvalidAsync(string id, string form, string messageKey)
    {
        if (await LoadAsync(id) is { } failure)
        {
            return failure;
        }
        Error = localizer[messageKey];
        ErrorForm = form;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string id)
    {
        if (!RecommendationsApi.IsValidId(id) || await grains.GetGrain<IRecommendationGrain>(id).GetDetailAsync() is not { } detail)
        {
            return NotFound();
        }
        if (!RecommendationsApi.CanRead(User, detail.Summary))
        {
            return Forbid();
        }
        Detail = detail;
        Today = ThaiClock.Today(time);
        Units = (await grains.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).ListAsync()).ToDictionary(u => u.Code, StringComparer.Ordinal);
        return null;
    }

    /// <summary>Dates come from &lt;input type="date"&gt; as yyyy-MM-dd (C.E.), whatever the UI culture.</summary>
    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string Anchor(string form) => form switch
    {
        "progress" => "status",
        "response" => "response",
        "verify" => "verify",
        "decide" or "extension" => "extensions",
        "comment" => "comments",
        "evidence" => "evidence",
        _ when form.StartsWith("withdraw-", StringComparison.Ordinal) => "evidence",
        _ => "actions",
    };

    public string UnitName(string code) => Units.TryGetValue(code, out var unit) ? $"{code} {Ui.Text(unit.Name)}" : code;

    /// <summary>Statuses a unit officer may move to from here (the grain decides; this only keeps the list short).</summary>
    public IEnumerable<RecommendationStatus> UnitStatuses() => Summary.Status switch
    {
        RecommendationStatus.NotStarted => [RecommendationStatus.NotStarted, RecommendationStatus.InProgress],
        RecommendationStatus.InProgress => [RecommendationStatus.InProgress, RecommendationStatus.ImplementedPendingVerification],
        RecommendationStatus.ImplementedPendingVerification => [RecommendationStatus.ImplementedPendingVerification, RecommendationStatus.InProgress],
        _ => [],
    };

    /// <summary>Verification decisions that apply to the current status.</summary>
    public IEnumerable<VerificationDecision> Decisions()
    {
        var status = Summary.Status;
        if (status == RecommendationStatus.ImplementedPendingVerification)
        {
            yield return VerificationDecision.Implemented;
            yield return VerificationDecision.PartlyImplemented;
        }
        if (!status.IsClosed())
        {
            yield return VerificationDecision.NotImplemented;
            yield return VerificationDecision.NoLongerApplicable;
        }
        if (status.IsClosed() || status == RecommendationStatus.ImplementedPendingVerification)
        {
            yield return VerificationDecision.Reopen;
        }
    }

    // ------------------------------------------------------------------ history

    /// <summary>"actions[act-1].status" → ("actions", "act-1", "status").</summary>
    private static (string Collection, string? Item, string Field) Split(string field)
    {
        var match = FieldPattern().Match(field);
        return match.Success
            ? (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Success && match.Groups[3].Value.Length > 0 ? match.Groups[3].Value : match.Groups[1].Value)
            : ("", null, field);
    }

    public string FieldLabel(string field)
    {
        var (collection, item, name) = Split(field);
        var label = localizer[$"Field.{name}"];
        var text = label.ResourceNotFound ? name : label.Value;
        if (item is null)
        {
            return text;
        }
        var what = localizer[$"Field.{collection}"];
        return name == collection ? $"{(what.ResourceNotFound ? collection : what.Value)} {item}" : $"{(what.ResourceNotFound ? collection : what.Value)} {item}: {text}";
    }

    public string FieldValue(string field, string? value)
    {
        if (value is null)
        {
            return "–";
        }
        var (collection, _, name) = Split(field);
        if (name == "status")
        {
            return collection switch
            {
                "actions" => Ui.Label($"ActionStatus.{value}"),
                "extensions" => Ui.Label($"ExtensionStatus.{value}"),
                _ => Ui.Status(value),
            };
        }
        if (name == "response")
        {
            return Ui.Label($"Response.{value}");
        }
        if (value is "true" or "false")
        {
            return localizer[value == "true" ? "Yes" : "No"];
        }
        if (value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Ui.Date(date);
        }
        if (name == "progress")
        {
            return value + "%";
        }
        return value;
    }

    public string EventLabel(string type)
    {
        var label = localizer[$"Event.{type}"];
        return label.ResourceNotFound ? type : label.Value;
    }

    public object ClientData(IStringLocalizer l) => new
    {
        page = "recommendation",
        id = Summary.Id,
        version = Summary.Version,
        maxEvidenceBytes = MaxEvidenceBytes,
        statusLabels = BoardModel.StatusLabels(),
        text = new Dictionary<string, string>
        {
            ["ChangedReload"] = l["ChangedReload"],
            ["Error.file-too-large"] = l["Error.file-too-large"],
            ["Live.connecting"] = l["Live.connecting"],
            ["Live.connected"] = l["Live.connected"],
            ["Live.reconnecting"] = l["Live.reconnecting"],
            ["Live.disconnected"] = l["Live.disconnected"],
            ["Live.unauthorized"] = l["Live.unauthorized"],
            ["Overdue"] = l["Overdue"],
        },
    };

    [GeneratedRegex(@"^([a-zA-Z]+)\[([^\]]+)\](?:\.([a-zA-Z]+))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPattern();
}
