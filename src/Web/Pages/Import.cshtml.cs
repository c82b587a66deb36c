using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Web.Apis;
using Oversight.Web.Auth;
using Oversight.Web.Imports;

namespace Oversight.Web.Pages;

/// <summary>
/// Importing a CSV or XLSX file through the page: the same <see cref="ImportService"/> as <c>POST /api/v1/imports</c>
/// (it reads the file, maps the headers and hands the rows to the import grain, which checks every row before anything
/// changes). A check lists every bad row with its row, column and reason and changes nothing; after a clean check the
/// page carries the same bytes (with their SHA-256) to the import, so the file imported is the file checked.
/// </summary>
[Authorize(Policy = Policies.Admin)]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes, ValueLengthLimit = (int)MaxCarriedChars)]
public sealed class ImportModel(ImportService imports, IStringLocalizer<MonitoringResource> m) : OversightPageModel
{
    public const long MaxFileBytes = ImportsApi.MaxFileBytes;

    /// <summary>A checked file travels back base64-encoded: 4 characters per 3 bytes.</summary>
    private const long MaxCarriedChars = (MaxFileBytes + 2) / 3 * 4;

    private const long MaxRequestBytes = MaxCarriedChars + 1024 * 1024;

    public static IReadOnlyList<string> Kinds => ImportKinds.All;

    public string Kind { get; private set; } = ImportKinds.Observations;

    public IReadOnlyList<InputError> Errors { get; private set; } = [];

    public ImportOutcome? Outcome { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>The checked file, carried to the import (base64), its name and SHA-256.</summary>
    public string? Carried { get; private set; }

    public string? FileName { get; private set; }

    public string? Sha256 { get; private set; }

    public static IReadOnlyList<ImportColumn> Columns(string kind) => ImportSchemas.Kinds[kind];

    public void OnGet(string? kind)
    {
        // The pages' rule for query values (PageQuery): an unknown kind is refused (400) and named; the form shows its default.
        if (this.Checked("kind", kind, ImportSchemas.Kinds.ContainsKey) is { } known)
        {
            Kind = known;
        }
    }

    public Task<IActionResult> OnPostCheckAsync(string? kind, IFormFile? file) => RunAsync(kind, file, null, null, dryRun: true);

    public Task<IActionResult> OnPostImportAsync(string? kind, IFormFile? file, string? carried, string? carriedName, string? carriedSha) =>
        RunAsync(kind, file, carried, (carriedName, carriedSha), dryRun: false);

    private async Task<IActionResult> RunAsync(string? kind, IFormFile? file, string? carried, (string? Name, string? Sha)? carriedFile, bool dryRun)
    {
        if (kind is null || !ImportSchemas.Kinds.ContainsKey(kind))
        {
            return Refuse(m["Mon.ImportKindRequired"]);
        }
        Kind = kind;
        byte[] content;
        if (file is { Length: > 0 })
        {
            if (file.Length > MaxFileBytes)
            {
                return Refuse(string.Format(m["Mon.ImportTooLarge"].Value, MaxFileBytes / (1024 * 1024)), StatusCodes.Status413PayloadTooLarge);
            }
            content = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadExactlyAsync(content, HttpContext.RequestAborted);
            }
            FileName = Path.GetFileName(file.FileName);
        }
        else if (!string.IsNullOrEmpty(carried) && carriedFile is { } cf)
        {
            try
            {
                content = Convert.FromBase64String(carried);
            }
            catch (FormatException)
            {
                return Refuse(m["Mon.ImportFileRequired"]);
            }
            if (!string.Equals(Hash(content), cf.Sha, StringComparison.Ordinal))
            {
                return Refuse(m["Mon.ImportFileRequired"]);
            }
            FileName = cf.Name is { Length: > 0 and <= 255 } name ? name : null;
        }
        else
        {
            return Refuse(m["Mon.ImportFileRequired"]);
        }
        Sha256 = Hash(content);
        var (outcome, errors) = await imports.ImportAsync(kind, content, CurrentActor, dryRun);
        if (outcome is null)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Outcome = outcome;
        if (dryRun)
        {
            // Checked and clean: the same bytes go to the import when the user confirms.
            Carried = Convert.ToBase64String(content);
        }
        return Page();
    }

    private PageResult Refuse(string message, int status = StatusCodes.Status400BadRequest)
    {
        Problem = message;
        Response.StatusCode = status;
        return Page();
    }

    private static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
