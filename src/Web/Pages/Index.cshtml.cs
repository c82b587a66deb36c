using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Web.Pages;

/// <summary>Sends each role to its workspace.</summary>
[Authorize]
public sealed class IndexModel : OversightPageModel
{
    public IActionResult OnGet() => Redirect(Role switch
    {
        UserRole.UnitOfficer => "/unit",
        UserRole.Auditor => "/auditor",
        UserRole.Admin => "/admin",
        _ => "/board",
    });
}
