using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MiniExcelLibs;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Reports.Excel;
using Oversight.Web.Auth;
using Oversight.Web.Hosting;
using Oversight.Web.Imports;
using Oversight.Web.Infrastructure;

namespace Oversight.Web.Apis;

/// <summary>File imports (CSV or XLSX) of observations and entities, all or nothing, and their templates.</summary>
public static class ImportsApi
{
    public const long MaxFileBytes = 20L * 1024 * 1024;

    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder routes)
    {
        var imports = routes.MapGroup("/api/v1/imports").WithTags("Imports");
        imports.MapPost("/", ImportAsync).RequireAuthorization(Policies.Import).AddEndpointFilter(AuthExtensions.RequireAntiforgeryForCookies)
            .DisableAntiforgery().WithName("Import").WithMetadata(DocumentedBody.File("kind", "dryRun"))
            .WithSummary("Admin or an API key with imports:write: import a CSV or XLSX file (multipart: file) of kind observations, contracts, eservices, agencies or datasets; " +
                "dryRun=true checks only. All or nothing: any bad row changes nothing and every bad row is listed {row, column, reason}.");
        imports.MapGet("/templates/{file}", TemplateAsync).RequireAuthorization(Policies.Reader).WithName("GetImportTemplate")
            .WithSummary("A template with Thai and English headers: {kind}.csv or {kind}.xlsx.");
        return routes;
    }

    private static async Task<Results<Ok<ImportOutcome>, ProblemHttpResult>> ImportAsync(HttpContext http, ClaimsPrincipal user, ImportService service,
        string? kind, string? dryRun)
    {
        if (kind is null || !ImportSchemas.Kinds.ContainsKey(kind))
        {
            return Problems.BadRequest("invalid-kind", $"'kind' is one of: {string.Join(", ", ImportSchemas.Kinds.Keys)}.", "kind");
        }
        if (QueryRules.Flag(dryRun, "dryRun", out var dry) is { } badDryRun)
        {
            return badDryRun;
        }
        var (_, file, problem) = await UploadForm.ReadAsync(http, MaxFileBytes, 1024, $"An import file is at most {MaxFileBytes / (1024 * 1024)} MB.");
        if (problem is not null)
        {
            return problem;
        }
        var content = await UploadForm.BytesAsync(file!, http.RequestAborted);
        var actor = user.GetRole() is not null
            ? user.ToActor()
            : new Actor(user.FindFirstValue(OversightClaims.Username) ?? "apikey", user.FindFirstValue(OversightClaims.Name) ?? Actor.ApiKeyDisplayName, UserRole.Admin, null);
        var (outcome, errors) = await service.ImportAsync(kind, content, actor, dry == true);
        return outcome is null
            ? IngestionApi.RowErrors("invalid-rows", $"{errors.Select(e => e.Row).Distinct().Count()} row(s) are invalid; nothing was imported.", errors)
            : TypedResults.Ok(outcome);
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> TemplateAsync(string file)
    {
        var kind = Path.GetFileNameWithoutExtension(file);
        var extension = Path.GetExtension(file);
        if (!ImportSchemas.Kinds.TryGetValue(kind, out var columns) || extension is not (".csv" or ".xlsx"))
        {
            return Problems.NotFound($"No template '{(file.Length > 40 ? file[..40] : file)}': use {{kind}}.csv or {{kind}}.xlsx with kind {string.Join(", ", ImportSchemas.Kinds.Keys)}.");
        }
        if (extension == ".csv")
        {
            var header = string.Join(",", columns.Select(c => Quote(SpreadsheetText.Safe(c.Header))));
            return TypedResults.File(new UTF8Encoding(true).GetBytes(header + "\r\n"), "text/csv; charset=utf-8", $"{kind}-template.csv");
        }
        using var buffer = new MemoryStream();
        var sheet = new[] { columns.ToDictionary(c => SpreadsheetText.Safe(c.Header), _ => (object?)null) };
        var guide = columns.Select(c => new Dictionary<string, object?>
        {
            ["คอลัมน์ / column"] = SpreadsheetText.Safe(c.Header),
            ["จำเป็น / required"] = c.Required ? "ใช่ / yes" : "ไม่ / no",
            ["คำอธิบาย / description"] = SpreadsheetText.Safe(c.Help),
        }).ToArray();
        buffer.SaveAs(new Dictionary<string, object> { [kind] = sheet, ["คำอธิบาย - guide"] = guide }, excelType: ExcelType.XLSX);
        return TypedResults.File(buffer.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{kind}-template.xlsx");
    }

    private static string Quote(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
