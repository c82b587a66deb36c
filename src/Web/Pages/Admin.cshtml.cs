using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Settings;
using Oversight.Grains.Abstractions.Units;
using Oversight.Grains.Abstractions.Users;
using Oversight.Web.Apis;
using Oversight.Web.Auth;

namespace Oversight.Web.Pages;

/// <summary>Administration: users, units and the default follow-up deadlines, through the directory and settings grains.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminModel(IGrainFactory grains, AccessValidator access, IStringLocalizer<SharedResource> localizer) : OversightPageModel
{
    private static readonly HashSet<string> DoneMessages = ["user-created", "user-updated", "password-reset", "unit-saved", "settings-saved"];

    /// <summary>A group of units longer than this starts collapsed (the 77 provincial offices).</summary>
    public const int OpenGroupAtMost = 15;

    public IReadOnlyList<UserView> Users { get; private set; } = [];

    public IReadOnlyList<UnitView> UnitList { get; private set; } = [];

    public FollowUpSettings? Settings { get; private set; }

    public string? Error { get; private set; }

    public string? ErrorForm { get; private set; }

    /// <summary>The field the error is about (shown beside it), if any.</summary>
    public string? ErrorField { get; private set; }

    /// <summary>The unit whose edit form is shown (<c>/admin?edit=LED</c>): one form, not 88.</summary>
    [BindProperty(SupportsGet = true, Name = "edit")]
    public string? EditUnit { get; set; }

    public UnitView? UnitToEdit => EditUnit is null ? null : UnitList.FirstOrDefault(u => u.Code == EditUnit);

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    /// <summary>The user a done message is about (their row shows it).</summary>
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? DoneUser { get; set; }

    /// <summary>Units filter: words in the code or either name (<c>?q=</c>), and the kind (<c>?kind=</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "kind")]
    public string? KindFilter { get; set; }

    public string? DoneMessage => Done is not null && DoneMessages.Contains(Done) ? localizer[$"Admin.Done.{Done}"].Value : null;

    /// <summary>The done message, if it belongs at <paramref name="place"/> (the form or row that was used).</summary>
    public string? DoneAt(string place)
    {
        if (DoneMessage is not { } message || Error is not null)
        {
            return null;
        }
        var where = Done switch
        {
            "user-created" => "create-user",
            "user-updated" or "password-reset" => $"user-{DoneUser}",
            "unit-saved" => EditUnit is null ? "new-unit" : "edit-unit",
            "settings-saved" => "settings",
            _ => "",
        };
        return where == place ? message : null;
    }

    /// <summary>What was typed into a refused form (never a password).</summary>
    public string? Kept(string form, string field) =>
        ErrorForm == form && field != "password" && Request.HasFormContentType && Request.Form.TryGetValue(field, out var value) ? value.ToString() : null;

    public string? FieldError(string form, params string[] fields) =>
        ErrorForm == form && ErrorField is { } f && fields.Contains(f) ? Error : null;

    /// <summary>A refused form's error that is about none of the fields it shows.</summary>
    public string? FormError(string form, params string[] shownFields) =>
        ErrorForm == form && (ErrorField is null || !shownFields.Contains(ErrorField)) ? Error : null;

    /// <summary>The units the filter lets through, grouped by kind.</summary>
    public IEnumerable<IGrouping<UnitKind, UnitView>> UnitGroups() => UnitList
        .Where(u => UnitMatches(u))
        .GroupBy(u => u.Kind);

    public bool IsFiltering => !string.IsNullOrWhiteSpace(Query) || !string.IsNullOrWhiteSpace(KindFilter);

    public int FilteredUnitCount => UnitList.Count(UnitMatches);

    private bool UnitMatches(UnitView unit)
    {
        if (!string.IsNullOrWhiteSpace(KindFilter) && Ui.Wire(unit.Kind) != KindFilter)
        {
            return false;
        }
        if (string.IsNullOrWhiteSpace(Query))
        {
            return true;
        }
        var haystack = FilterText(unit).ToLowerInvariant();
        return Query.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).All(haystack.Contains);
    }

    /// <summary>What the units filter searches, on the server (?q=) and in the browser (data-filter-text).</summary>
    public static string FilterText(UnitView unit) => $"{unit.Code} {unit.Name.Th} {unit.Name.En} {unit.ParentCode}";

    private IUserDirectoryGrain Directory => grains.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory);

    private IUnitDirectoryGrain UnitDirectory => grains.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory);

    public async Task OnGetAsync()
    {
        await LoadAsync();
        // The pages' rule for query values (PageQuery): what cannot be used is refused (400) and named.
        EditUnit = this.Checked("edit", EditUnit, code => UnitList.Any(u => u.Code == code));
        Done = this.Checked("done", Done, DoneMessages.Contains);
        DoneUser = this.Checked("user", DoneUser, name => Users.Any(u => u.Username == name));
        KindFilter = this.Checked("kind", KindFilter, kind => Enum.GetValues<UnitKind>().Any(k => Ui.Wire(k) == kind));
        Query = this.Checked("q", Query, text => text.Length <= 200 && !text.Any(char.IsControl));
    }

    public async Task<IActionResult> OnPostCreateUserAsync(string? username, string? displayName, string? role, string? unit, string? password)
    {
        if (string.IsNullOrWhiteSpace(username))
        {
            return await FailAsync("create-user", "Error.required", "username");
        }
        if (string.IsNullOrWhiteSpace(displayName))
        {
            return await FailAsync("create-user", "Error.required", "displayName");
        }
        if (!OversightJson.TryParseEnum<UserRole>(role, out var parsedRole))
        {
            return await FailAsync("create-user", "Error.required", "role");
        }
        if (parsedRole == UserRole.UnitOfficer && string.IsNullOrWhiteSpace(unit))
        {
            return await FailAsync("create-user", "Error.unit-required", "unit");
        }
        if (WeakPassword(password))
        {
            return await FailAsync("create-user", "Error.weak-password", "password");
        }
        var result = await Directory.CreateAsync(CurrentActor, new NewUser(username.Trim(), displayName.Trim(), parsedRole,
            parsedRole == UserRole.UnitOfficer ? NullIfEmpty(unit)?.ToUpperInvariant() : null, SignInService.HashPassword(password!)));
        return await DoneOrFailAsync(result, "user-created", "create-user", "create-user");
    }

    public async Task<IActionResult> OnPostUpdateUserAsync(string username, string? displayName, string? role, string? unit, bool disabled)
    {
        if (!OversightJson.TryParseEnum<UserRole>(role, out var parsedRole))
        {
            return await FailAsync($"user-{username}", "Error.required", "role");
        }
        var officer = parsedRole == UserRole.UnitOfficer;
        var result = await access.UpdateAsync(CurrentActor, username ?? "", new UserChange(
            NullIfEmpty(displayName), parsedRole, officer ? NullIfEmpty(unit)?.ToUpperInvariant() : null, disabled, null, ClearUnit: !officer));
        return await DoneOrFailAsync(result, "user-updated", $"user-{username}", $"user-{username}", username);
    }

    public async Task<IActionResult> OnPostToggleUserAsync(string username, bool disabled)
    {
        var result = await access.UpdateAsync(CurrentActor, username ?? "", new UserChange(null, null, null, disabled, null));
        return await DoneOrFailAsync(result, "user-updated", $"user-{username}", $"user-{username}", username);
    }

    public async Task<IActionResult> OnPostResetPasswordAsync(string username, string? password)
    {
        if (WeakPassword(password))
        {
            return await FailAsync($"user-{username}", "Error.weak-password", "password");
        }
        var result = await access.UpdateAsync(CurrentActor, username ?? "", new UserChange(null, null, null, null, SignInService.HashPassword(password!)));
        return await DoneOrFailAsync(result, "password-reset", $"user-{username}", $"user-{username}", username);
    }

    public async Task<IActionResult> OnPostSaveUnitAsync(string? code, string? nameTh, string? nameEn, string? kind, string? parentCode, bool active, string? form)
    {
        var formName = form == "new" ? "new-unit" : $"unit-{code}";
        EditUnit = form == "new" ? null : code;
        foreach (var (field, value) in new[] { ("code", code), ("nameTh", nameTh), ("nameEn", nameEn) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return await FailAsync(formName, "Error.required", field);
            }
        }
        if (!OversightJson.TryParseEnum<UnitKind>(kind, out var parsedKind))
        {
            return await FailAsync(formName, "Error.required", "kind");
        }
        var result = await UnitDirectory.UpsertAsync(CurrentActor,
            new UnitView(code!.Trim().ToUpperInvariant(), new LocalizedText(nameTh!.Trim(), nameEn!.Trim()), parsedKind, NullIfEmpty(parentCode)?.ToUpperInvariant(), active));
        return await DoneOrFailAsync(result, "unit-saved", formName, form == "new" ? "add-unit" : "edit-unit", edit: form == "new" ? null : code!.Trim().ToUpperInvariant());
    }

    public async Task<IActionResult> OnPostSaveSettingsAsync(int defaultPeriodDays, int startWithinDays, int reportEveryDays)
    {
        var result = await grains.GetGrain<IFollowUpSettingsGrain>(GrainKeys.Settings)
            .UpdateAsync(CurrentActor, new FollowUpSettings(defaultPeriodDays, startWithinDays, reportEveryDays));
        return await DoneOrFailAsync(result, "settings-saved", "settings", "settings");
    }

    private async Task<IActionResult> DoneOrFailAsync(CommandResult result, string done, string form, string anchor, string? user = null, string? edit = null)
    {
        if (result.Ok)
        {
            // The outcome is shown where the form was: the user's row, the unit's edit form, the settings form.
            var query = $"done={done}" + (user is null ? "" : $"&user={Uri.EscapeDataString(user)}") + (edit is null ? "" : $"&edit={Uri.EscapeDataString(edit)}");
            return Redirect($"/admin?{query}#{anchor}");
        }
        await LoadAsync();
        var error = result.Error;
        Error = error?.Code == "username-taken" ? localizer["Error.username-taken"] : Ui.Explain(localizer, error);
        ErrorField = error?.Code == "username-taken" ? "username" : error?.Field;
        ErrorForm = form;
        Response.StatusCode = error?.Kind switch
        {
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }

    private async Task<IActionResult> FailAsync(string form, string messageKey, string? field = null)
    {
        await LoadAsync();
        Error = localizer[messageKey];
        ErrorForm = form;
        ErrorField = field;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync()
    {
        Users = (await Directory.ListAsync()).OrderBy(u => u.Role).ThenBy(u => u.Username, StringComparer.Ordinal).ToArray();
        UnitList = (await UnitDirectory.ListAsync()).OrderBy(u => u.Kind).ThenBy(u => u.Code, StringComparer.Ordinal).ToArray();
        try
        {
            Settings = await grains.GetGrain<IFollowUpSettingsGrain>(GrainKeys.Settings).GetAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Settings = null; // shown as unavailable
        }
    }

    private static bool WeakPassword(string? password) =>
        password is null || password.Length < AdminApi.MinPasswordLength || password.Length > 256 || password.All(char.IsLetter);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A person's display name where the page would otherwise show their username.</summary>
    public string DisplayNameOf(string? username) =>
        username is null ? "–" : Users.FirstOrDefault(u => u.Username == username) is { } user && !string.IsNullOrWhiteSpace(user.DisplayName) ? user.DisplayName : username;

    public string UnitLabel(string? code) => code is null ? "–" : UnitList.FirstOrDefault(u => u.Code == code) is { } unit ? $"{code} {Ui.Text(unit.Name)}" : code;
}
