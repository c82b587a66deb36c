using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
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
        if (dryRun is not (null or "true" or "false"))
        {
            return Problems.BadRequest("invalid-dryRun", "'dryRun' is true or false.", "dryRun");
        }
        if (http.Request.ContentLength > MaxFileBytes + 64 * 1024)
        {
            return Problems.From(new CommandError(ErrorKind.TooLarge, "file-too-large", $"An import file is at most {MaxFileBytes / (1024 * 1024)} MB."));
        }
        if (!http.Request.HasFormContentType || !(http.Request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.BadRequest("multipart-required", "Upload the file as multipart/form-data with a 'file' part.");
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxFileBytes + 64 * 1024;
        }
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxFileBytes + 64 * 1024, ValueLengthLimit = 1024 }, http.RequestAborted);
        }
        catch (InvalidDataException e) when (e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.From(new CommandError(ErrorKind.TooLarge, "file-too-large", $"An import file is at most {MaxFileBytes / (1024 * 1024)} MB."));
        }
        catch (InvalidDataException e)
        {
            return Problems.BadRequest("invalid-form", e.Message.Length > 200 ? e.Message[..200] : e.Message);
        }
        catch (IOException)
        {
            return Problems.BadRequest("truncated-body", "The multipart body ended before it was complete, or its boundary does not match the Content-Type header.");
        }
        if (form.Files.Count != 1 || form.Files[0].Name != "file")
        {
            return Problems.BadRequest("file-required", "Send exactly one file, in a part named 'file'.", "file");
        }
        if (form.Files[0].Length > MaxFileBytes)
        {
            return Problems.From(new CommandError(ErrorKind.TooLarge, "file-too-large", $"An import file is at most {MaxFileBytes / (1024 * 1024)} MB."));
        }
        var content = new byte[form.Files[0].Length];
        await using (var stream = form.Files[0].OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, http.RequestAborted);
        }
        var actor = user.GetRole() is not null
            ? user.ToActor()
            : new Actor(user.FindFirstValue(OversightClaims.Username) ?? "apikey", user.FindFirstValue(OversightClaims.Name) ?? Actor.ApiKeyDisplayName, UserRole.Admin, null);
        var (outcome, errors) = await service.ImportAsync(kind, content, actor, dryRun == "true");
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
