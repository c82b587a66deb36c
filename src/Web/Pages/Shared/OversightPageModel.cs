using Microsoft.AspNetCore.Mvc.RazorPages;
using Oversight.Grains.Abstractions.Common;
using Oversight.Web.Auth;

namespace Oversight.Web.Pages;

/// <summary>What every signed-in page knows about its user. Pages reach the system only through grain interfaces.</summary>
public abstract class OversightPageModel : PageModel
{
    public UserRole? Role => User.GetRole();

    public string? UserUnit => User.GetUnit();

    public bool IsExecutive => Role == UserRole.Executive;

    public bool IsAuditor => Role == UserRole.Auditor;

    public bool IsUnitOfficer => Role == UserRole.UnitOfficer;

    public bool IsAdmin => Role == UserRole.Admin;

    public string Lang => Ui.Lang;

    protected Actor CurrentActor => User.ToActor();
}
