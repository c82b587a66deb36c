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
public sealed class AdminModel(IGrainFactory grains, IStringLocalizer<SharedResource> localizer) : OversightPageModel
{
    private static readonly HashSet<string> DoneMessages = ["user-created", "user-updated", "password-reset", "unit-saved", "settings-saved"];

    public IReadOnlyList<UserView> Users { get; private set; } = [];

    public IReadOnlyList<UnitView> UnitList { get; private set; } = [];

    public FollowUpSettings? Settings { get; private set; }

    public string? Error { get; private set; }

    public string? ErrorForm { get; private set; }

    /// <summary>The unit whose edit form is shown (<c>/admin?edit=LED</c>): one form, not 88.</summary>
    [BindProperty(SupportsGet = true, Name = "edit")]
    public string? EditUnit { get; set; }

    public UnitView? UnitToEdit => EditUnit is null ? null : UnitList.FirstOrDefault(u => u.Code == EditUnit);

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public string? DoneMessage => Done is not null && DoneMessages.Contains(Done) ? localizer[$"Admin.Done.{Done}"].Value : null;

    private IUserDirectoryGrain Directory => grains.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory);

    private IUnitDirectoryGrain UnitDirectory => grains.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateUserAsync(string? username, string? displayName, string? role, string? unit, string? password)
    {
        if (!OversightJson.TryParseEnum<UserRole>(role, out var parsedRole) || string.IsNullOrWhiteSpace(username) || string.IsNullOrWhiteSpace(displayName))
        {
            return await FailAsync("create-user", "Error.required");
        }
        if (WeakPassword(password))
        {
            return await FailAsync("create-user", "Error.weak-password");
        }
        var result = await Directory.CreateAsync(CurrentActor, new NewUser(username.Trim(), displayName.Trim(), parsedRole,
            parsedRole == UserRole.UnitOfficer ? NullIfEmpty(unit)?.ToUpperInvariant() : null, SignInService.HashPassword(password!)));
        return await DoneOrFailAsync(result, "user-created", "create-user", "users");
    }

    public async Task<IActionResult> OnPostUpdateUserAsync(string username, string? displayName, string? role, string? unit, bool disabled)
    {
        if (!OversightJson.TryParseEnum<UserRole>(role, out var parsedRole))
        {
            return await FailAsync($"user-{username}", "Error.required");
        }
        var officer = parsedRole == UserRole.UnitOfficer;
        var result = await Directory.UpdateAsync(CurrentActor, username ?? "", new UserChange(
            NullIfEmpty(displayName), parsedRole, officer ? NullIfEmpty(unit)?.ToUpperInvariant() : null, disabled, null, ClearUnit: !officer));
        return await DoneOrFailAsync(result, "user-updated", $"user-{username}", "users");
    }

    public async Task<IActionResult> OnPostToggleUserAsync(string username, bool disabled)
    {
        var result = await Directory.UpdateAsync(CurrentActor, username ?? "", new UserChange(null, null, null, disabled, null));
        return await DoneOrFailAsync(result, "user-updated", $"user-{username}", "users");
    }

    public async Task<IActionResult> OnPostResetPasswordAsync(string username, string? password)
    {
        if (WeakPassword(password))
        {
            return await FailAsync($"user-{username}", "Error.weak-password");
        }
        var result = await Directory.UpdateAsync(CurrentActor, username ?? "", new UserChange(null, null, null, null, SignInService.HashPassword(password!)));
        return await DoneOrFailAsync(result, "password-reset", $"user-{username}", "users");
    }

    public async Task<IActionResult> OnPostSaveUnitAsync(string? code, string? nameTh, string? nameEn, string? kind, string? parentCode, bool active, string? form)
    {
        var formName = form == "new" ? "new-unit" : $"unit-{code}";
        EditUnit = form == "new" ? null : code;
        if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(nameTh) || string.IsNullOrWhiteSpace(nameEn)
            || !OversightJson.TryParseEnum<UnitKind>(kind, out var parsedKind))
        {
            return await FailAsync(formName, "Error.required");
        }
        var result = await UnitDirectory.UpsertAsync(CurrentActor,
            new UnitView(code.Trim().ToUpperInvariant(), new LocalizedText(nameTh.Trim(), nameEn.Trim()), parsedKind, NullIfEmpty(parentCode)?.ToUpperInvariant(), active));
        return await DoneOrFailAsync(result, "unit-saved", formName, "units");
    }

    public async Task<IActionResult> OnPostSaveSettingsAsync(int defaultPeriodDays, int startWithinDays, int reportEveryDays)
    {
        var result = await grains.GetGrain<IFollowUpSettingsGrain>(GrainKeys.Settings)
            .UpdateAsync(CurrentActor, new FollowUpSettings(defaultPeriodDays, startWithinDays, reportEveryDays));
        return await DoneOrFailAsync(result, "settings-saved", "settings", "settings");
    }

    private async Task<IActionResult> DoneOrFailAsync(CommandResult result, string done, string form, string anchor)
    {
        if (result.Ok)
        {
            return Redirect($"/admin?done={done}#{anchor}");
        }
        await LoadAsync();
        Error = Ui.Explain(localizer, result.Error);
        ErrorForm = form;
        Response.StatusCode = result.Error?.Kind == ErrorKind.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult> FailAsync(string form, string messageKey)
    {
        await LoadAsync();
        Error = localizer[messageKey];
        ErrorForm = form;
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

    public string UnitLabel(string? code) => code is null ? "–" : UnitList.FirstOrDefault(u => u.Code == code) is { } unit ? $"{code} {Ui.Text(unit.Name)}" : code;
}
