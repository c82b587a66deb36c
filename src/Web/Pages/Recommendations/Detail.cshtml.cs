using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Units;
using Oversight.Web.Apis;
using Oversight.Web.Text;
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
    private const long MaxUploadRequestBytes = MaxEvidenceBytes + Infrastructure.UploadForm.FormOverheadBytes;

    /// <summary>Where each outcome is shown: the card of the form that was used (or the list it changed).</summary>
    private static readonly Dictionary<string, string> DonePlaces = new(StringComparer.Ordinal)
    {
        ["progress"] = "update",
        ["response"] = "record-response",
        ["action"] = "add-action",
        ["action-updated"] = "actions",
        ["evidence"] = "upload",
        ["withdrawn"] = "evidence",
        ["comment"] = "comment",
        ["extension"] = "request-extension",
        ["decision"] = "extensions",
        ["verification"] = "verify",
    };

    /// <summary>The fields each form shows an error beside; any other error of that form is shown at the form's top.</summary>
    private static readonly Dictionary<string, string[]> FormFields = new(StringComparer.Ordinal)
    {
        ["progress"] = ["status", "progress", "note"],
        ["response"] = ["response", "note"],
        ["action"] = ["title", "ownerUnit", "dueDate", "progress", "note"],
        ["action-"] = ["title", "dueDate", "progress", "note"],
        ["evidence"] = ["file", "description"],
        ["withdraw-"] = ["reason"],
        ["extension"] = ["requestedDueDate", "reason"],
        ["comment"] = ["text"],
        ["verify"] = ["decision", "note", "noEvidenceReason"],
        ["decide"] = ["decision", "note"],
    };

    public RecommendationDetail Detail { get; private set; } = null!;

    public RecommendationSummary Summary => Detail.Summary;

    public DateOnly Today { get; private set; }

    public IReadOnlyDictionary<string, UnitView> Units { get; private set; } = new Dictionary<string, UnitView>();

    /// <summary>The message shown after a refused command, the form it belongs to and the field it is about.</summary>
    public string? Error { get; private set; }

    public string? ErrorForm { get; private set; }

    public string? ErrorField { get; private set; }

    /// <summary>The form was rendered from an older version: what changed since is shown at the form.</summary>
    public bool Conflict { get; private set; }

    /// <summary>The version the refused form was rendered from.</summary>
    public long ConflictFromVersion { get; private set; }

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public bool IsResponsibleOfficer => IsUnitOfficer && UserUnit is { } unit && Summary.Units.Contains(unit);

    public bool Closed => Summary.Status.IsClosed();

    public bool Overdue => Summary.IsOverdue(Today);

    public ExtensionView? PendingExtension => Detail.Extensions.LastOrDefault(e => e.Status == ExtensionStatus.Pending);

    /// <summary>The outcome of the last save, to show in the card with id <paramref name="place"/>.</summary>
    public string? DoneAt(string place)
    {
        if (Done is null || !DonePlaces.TryGetValue(Done, out var where) || where != place || Error is not null)
        {
            return null;
        }
        return Done switch
        {
            "progress" => string.Format(CultureInfo.CurrentCulture, localizer["Done.progress"].Value, Ui.Status(Summary.Status), Summary.Progress),
            "verification" => string.Format(CultureInfo.CurrentCulture, localizer["Done.verification"].Value, Ui.Status(Summary.Status)),
            _ => localizer[$"Done.{Done}"].Value,
        };
    }

    /// <summary>What the user typed into <paramref name="field"/> of the refused form <paramref name="form"/>, or null.</summary>
    public string? Kept(string form, string field) =>
        ErrorForm == form && Request.HasFormContentType && Request.Form.TryGetValue(field, out var value) ? value.ToString() : null;

    /// <summary>The error to show beside one of the form's fields.</summary>
    public string? FieldError(string form, params string[] fields) =>
        ErrorForm == form && !Conflict && ErrorField is { } f && fields.Contains(f) ? Error : null;

    /// <summary>The error to show at the top of the form (one about no field the form shows).</summary>
    public string? FormError(string form)
    {
        if (ErrorForm != form || Conflict)
        {
            return null;
        }
        var shown = FormFields.TryGetValue(form, out var exact) ? exact
            : FormFields.FirstOrDefault(x => x.Key.EndsWith('-') && form.StartsWith(x.Key, StringComparison.Ordinal)).Value ?? [];
        return ErrorField is { } f && shown.Contains(f) ? null : Error;
    }

    public bool ConflictAt(string form) => Conflict && ErrorForm == form;

    /// <summary>Everything recorded since the version the refused form was rendered from.</summary>
    public IReadOnlyList<HistoryEntry> ChangesSinceConflict =>
        Conflict ? Detail.History.Where(h => h.Seq > ConflictFromVersion).ToArray() : [];

    /// <summary>A person's display name (<see cref="PeopleNames"/>), never their username where the name is known.</summary>
    public string NameOf(string? username) => (_names ??= PeopleNames.For(Detail))(username);

    private Func<string?, string>? _names;

    /// <summary>Who made the current version.</summary>
    public string LastChangedBy => Detail.History.Count > 0 ? Detail.History[^1].Actor.DisplayName : NameOf(Summary.UpdatedBy);

    /// <summary>How the due date was set, in the page's language (the seed records it in English, for the history).</summary>
    public string DueDateBasis
    {
        get
        {
            var basis = Detail.DueDateBasis ?? "";
            if (DefaultBasis().Match(basis) is { Success: true } match
                && DateOnly.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var reportDate))
            {
                return string.Format(CultureInfo.CurrentCulture, localizer["Rec.DueDateBasis.default"].Value, Ui.LongDate(reportDate), match.Groups[2].Value);
            }
            return basis switch
            {
                "synthetic demo due date" => localizer["Rec.DueDateBasis.demo"],
                "synthetic" => localizer["Rec.DueDateBasis.synthetic"],
                _ => basis,
            };
        }
    }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await LoadAsync(id) is { } failure)
        {
            return failure;
        }
        // The pages' rule for query values (PageQuery): an unknown outcome is refused (400) and named.
        Done = this.Checked("done", Done, DonePlaces.ContainsKey);
        return Page();
    }

    // ------------------------------------------------------------------ unit officer

    /// <summary>
    /// The progress form sends the status and percent it shows, and the ones it was rendered with (statusWas,
    /// progressWas): only what the officer changed is sent on, so a note alone is just a note, and choosing
    /// "implemented, pending verification" without touching the percent sets it to 100.
    /// </summary>
    public Task<IActionResult> OnPostProgressAsync(string id, string? status, string? progress, string? note, long expectedVersion,
        string? statusWas, string? progressWas)
    {
        RecommendationStatus? target = null;
        if (!string.IsNullOrEmpty(status) && status != statusWas)
        {
            if (!OversightJson.TryParseEnum<RecommendationStatus>(status, out var parsed))
            {
                return InvalidAsync(id, "progress", "Error.invalid-transition", "status");
            }
            target = parsed;
        }
        int? percent = null;
        if (!string.IsNullOrWhiteSpace(progress) && progress.Trim() != progressWas?.Trim())
        {
            if (!int.TryParse(progress.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return InvalidAsync(id, "progress", "Error.invalid-progress", "progress");
            }
            percent = value;
        }
        return WriteAsync(id, "progress", "progress",
            g => g.UpdateProgressAsync(CurrentActor, new UpdateProgress(target, percent, note ?? "", expectedVersion)));
    }

    public Task<IActionResult> OnPostResponseAsync(string id, string? response, string? note, long expectedVersion)
    {
        if (!OversightJson.TryParseEnum<AuditeeResponse>(response, out var parsed))
        {
            return InvalidAsync(id, "response", "Error.response-required", "response");
        }
        return WriteAsync(id, "response", "response",
            g => g.RecordResponseAsync(CurrentActor, new RecordResponse(parsed, note ?? "", expectedVersion)));
    }

    public Task<IActionResult> OnPostAddActionAsync(string id, string? title, string? ownerUnit, string? dueDate, string? actionStatus, string? actionProgress, string? note, long expectedVersion)
    {
        var (due, dateError) = DateInput.Parse(dueDate, Lang);
        if (due is null)
        {
            return InvalidAsync(id, "action", $"Error.{dateError}", "dueDate");
        }
        if (!TryPercent(actionProgress, out var percent))
        {
            return InvalidAsync(id, "action", "Error.invalid-progress", "progress");
        }
        var status = OversightJson.TryParseEnum<ActionStatus>(actionStatus, out var s) ? s : ActionStatus.NotStarted;
        return WriteAsync(id, "action", "action",
            g => g.AddActionAsync(CurrentActor, new AddAction(title ?? "", ownerUnit ?? UserUnit ?? "", due.Value, status, percent ?? 0, note, expectedVersion)));
    }

    public Task<IActionResult> OnPostUpdateActionAsync(string id, string actionId, string? title, string? dueDate, string? actionStatus, string? actionProgress, string? note, long expectedVersion)
    {
        var form = $"action-{actionId}";
        DateOnly? due = null;
        if (!string.IsNullOrWhiteSpace(dueDate))
        {
            var (parsed, dateError) = DateInput.Parse(dueDate, Lang);
            if (parsed is null)
            {
                return InvalidAsync(id, form, $"Error.{dateError}", "dueDate");
            }
            due = parsed;
        }
        if (!TryPercent(actionProgress, out var percent))
        {
            return InvalidAsync(id, form, "Error.invalid-progress", "progress");
        }
        ActionStatus? status = OversightJson.TryParseEnum<ActionStatus>(actionStatus, out var s) ? s : null;
        return WriteAsync(id, "action-updated", form,
            g => g.UpdateActionAsync(CurrentActor, new UpdateAction(actionId ?? "", string.IsNullOrWhiteSpace(title) ? null : title, null, due, status, percent, note, expectedVersion)));
    }

    public async Task<IActionResult> OnPostEvidenceAsync(string id, IFormFile? file, string? description, long expectedVersion)
    {
        if (file is null || file.Length == 0)
        {
            return await InvalidAsync(id, "evidence", "Error.file-required", "file");
        }
        if (file.Length > MaxEvidenceBytes)
        {
            return await InvalidAsync(id, "evidence", "Error.file-too-large", "file");
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
        var (requested, dateError) = DateInput.Parse(requestedDueDate, Lang);
        if (requested is null)
        {
            return InvalidAsync(id, "extension", $"Error.{dateError}", "requestedDueDate");
        }
        return WriteAsync(id, "extension", "extension",
            g => g.RequestExtensionAsync(CurrentActor, new RequestExtension(requested.Value, reason ?? "", expectedVersion)));
    }

    public Task<IActionResult> OnPostCommentAsync(string id, string? text, long expectedVersion) =>
        WriteAsync(id, "comment", "comment", g => g.AddCommentAsync(CurrentActor, new AddComment(text ?? "", expectedVersion)));

    // ------------------------------------------------------------------ auditor

    public Task<IActionResult> OnPostVerifyAsync(string id, string? decision, string? note, string? noEvidenceReason, long expectedVersion)
    {
        if (!OversightJson.TryParseEnum<VerificationDecision>(decision, out var parsed))
        {
            return InvalidAsync(id, "verify", "Error.decision-required", "decision");
        }
        var reason = string.IsNullOrWhiteSpace(noEvidenceReason) ? null : noEvidenceReason;
        return WriteAsync(id, "verification", "verify", g => g.VerifyAsync(CurrentActor, new Verify(parsed, note ?? "", expectedVersion, reason)));
    }

    public Task<IActionResult> OnPostDecideAsync(string id, string extensionId, string? decision, string? note, long expectedVersion)
    {
        if (!OversightJson.TryParseEnum<ExtensionDecision>(decision, out var parsed))
        {
            return InvalidAsync(id, "decide", "Error.decision-required", "decision");
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
        var result = await write(grains.Recommendation(id));
        if (result.Ok)
        {
            // Post/redirect/get: a reload never repeats the write. The outcome is shown where the form was.
            return Redirect($"/recommendations/{Uri.EscapeDataString(id)}?done={done}#{DonePlaces[done]}");
        }
        if (await LoadAsync(id) is { } failure)
        {
            return failure;
        }
        Conflict = result.Error?.Kind == ErrorKind.Conflict;
        ConflictFromVersion = long.TryParse(Request.Form["expectedVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var from) ? from : 0;
        Error = Ui.Explain(localizer, result.Error);
        ErrorField = result.Error?.Field;
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

    private async Task<IActionResult> InvalidAsync(string id, string form, string messageKey, string? field = null)
    {
        if (await LoadAsync(id) is { } failure)
        {
            return failure;
        }
        Error = localizer[messageKey];
        ErrorForm = form;
        ErrorField = field;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static bool TryPercent(string? text, out int? percent)
    {
        percent = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            percent = value;
            return true;
        }
        return false;
    }

    private async Task<IActionResult?> LoadAsync(string id)
    {
        if (!RecommendationsApi.IsValidId(id) || await grains.Recommendation(id).GetDetailAsync() is not { } detail)
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

    public string UnitName(string code) => Units.TryGetValue(code, out var unit) ? $"{code} {Ui.Text(unit.Name)}" : code;

    /// <summary>Statuses a unit officer may move to from here (the grain decides; this only keeps the list short).</summary>
    public IEnumerable<RecommendationStatus> UnitStatuses() => Summary.Status switch
    {
        RecommendationStatus.NotStarted => [RecommendationStatus.NotStarted, RecommendationStatus.InProgress, RecommendationStatus.ImplementedPendingVerification],
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

    /// <summary>The seed's basis: "report date 2024-03-29 + 240 days (default follow-up period)".</summary>
    [GeneratedRegex(@"^report date (\d{4}-\d{2}-\d{2}) \+ (\d+) days \(default follow-up period\)\z", RegexOptions.CultureInvariant)]
    private static partial Regex DefaultBasis();
}
