using System.Globalization;
using System.Reflection;

namespace Oversight.Grains.Abstractions.Monitoring;

/// <summary>
/// Why an item of a batch or a row of a file is refused, as a stable code with its arguments: the one list of reasons
/// the importers and the ingestion rules give (<see cref="InputError.Of"/> is the only way to make an
/// <see cref="InputError"/>). <see cref="English"/> is the English the REST answer has always carried as
/// <c>reason</c>; the pages show <c>ImportError.{code}</c> from MonitoringResource (Thai) and MonitoringResource.en,
/// formatted with the same arguments, in the interface language.
/// </summary>
public static class InputErrorCodes
{
    // ---------------------------------------------------------------- the file as a whole
    public const string UnreadableFile = "unreadable-file";
    public const string CsvDoesNotParse = "csv-parse";
    public const string ZipNotWorkbook = "zip-not-xlsx";
    public const string MacrosRefused = "macros-refused";
    public const string UnreadableWorkbook = "unreadable-workbook";
    public const string FormulaCell = "formula-cell";
    public const string RowLength = "row-length";
    public const string UnknownColumn = "unknown-column";
    public const string DuplicateColumn = "duplicate-column";
    public const string MissingColumn = "missing-column";
    public const string NoRows = "no-rows";
    public const string UnknownImportKind = "unknown-import-kind";

    // ---------------------------------------------------------------- observations
    public const string InvalidSource = "invalid-source";
    public const string SourceNotTheKeys = "source-not-the-keys";
    public const string UnknownMetric = "unknown-metric";
    public const string InvalidSubject = "invalid-subject";
    public const string SubjectKindMismatch = "subject-kind-mismatch";
    public const string UnknownProvince = "unknown-province";
    public const string UnknownSubject = "unknown-subject";
    public const string ReportSubjectFromKey = "report-subject-from-key";
    public const string InvalidPeriod = "invalid-period";
    public const string DateValueFormat = "date-value-format";
    public const string DateValueRange = "date-value-range";
    public const string NotANumber = "not-a-number";
    public const string NegativeCount = "negative-count";
    public const string ValueRange = "value-range";
    public const string WholeNumber = "whole-number";
    public const string AsOfFormat = "as-of-format";
    public const string AsOfInFuture = "as-of-in-future";
    public const string DuplicateObservation = "duplicate-observation";

    // ---------------------------------------------------------------- entity rows
    public const string InvalidAudience = "invalid-audience";
    public const string InvalidLinkageMode = "invalid-linkage-mode";
    public const string InvalidLinkStatus = "invalid-link-status";
    public const string UnknownAgency = "unknown-agency";
    public const string InvalidRecordLevel = "invalid-record-level";
    public const string UnknownFrequency = "unknown-frequency";
    public const string InvalidFrequencyInterval = "invalid-frequency-interval";
    public const string InvalidContractId = "invalid-contract-id";
    public const string ContractExists = "contract-exists";
    public const string InvalidDailyRate = "invalid-daily-rate";
    public const string InvalidMilestoneId = "invalid-milestone-id";
    public const string InvalidId = "invalid-id";
    public const string DuplicateId = "duplicate-id";
    public const string IdExists = "id-exists";
    public const string Required = "required";
    public const string UnknownUnit = "unknown-unit";
    public const string NegativeAmount = "negative-amount";
    public const string InvalidDate = "invalid-date";
    public const string DateInFuture = "date-in-future";

    // ---------------------------------------------------------------- a name refused by the text rules (TextRules' codes, prefixed)
    public const string TextRequired = "text-required";
    public const string TextTooLong = "text-too-long";
    public const string TextControlCharacter = "text-control-character";
    public const string TextInvalidCharacter = "text-invalid-character";
    public const string TextUnsafeCharacter = "text-unsafe-character";
    public const string TextMarkupNotAllowed = "text-markup-not-allowed";
    public const string TextInvalid = "text-invalid";

    /// <summary>Each code's English (a composite format over its arguments) and how many arguments it takes.</summary>
    public static IReadOnlyDictionary<string, (string Text, int Args)> English { get; } = new Dictionary<string, (string, int)>(StringComparer.Ordinal)
    {
        [UnreadableFile] = ("the file is neither an XLSX workbook nor UTF-8 CSV text", 0),
        [CsvDoesNotParse] = ("the CSV does not parse: {0}", 1),
        [ZipNotWorkbook] = ("the file is a ZIP archive but not an XLSX workbook", 0),
        [MacrosRefused] = ("a workbook with macros is not accepted", 0),
        [UnreadableWorkbook] = ("the workbook cannot be read", 0),
        [FormulaCell] = ("a formula is not a value: enter the figure itself", 0),
        [RowLength] = ("the row has {0} cells; the header has {1}", 2),
        [UnknownColumn] = ("an unknown column (download the template for this kind)", 0),
        [DuplicateColumn] = ("the same column twice", 0),
        [MissingColumn] = ("a required column is missing", 0),
        [NoRows] = ("the file has no rows", 0),
        [UnknownImportKind] = ("'{0}' is not a kind of import", 1),

        [InvalidSource] = ("a source is 1–100 characters: letters, digits and . _ : / - (e.g. lbda or import:2569-10)", 0),
        [SourceNotTheKeys] = ("this key sends figures of source '{0}' only", 1),
        [UnknownMetric] = ("'{0}' is not a known metric", 1),
        [InvalidSubject] = ("'{0}' is not a subject (province:{{code}}, eservice:{{id}}, agency:{{id}}, dataset:{{id}}, contract:{{id}})", 1),
        [SubjectKindMismatch] = ("{0} is about {1}:…, not {2}:…", 3),
        [UnknownProvince] = ("'{0}' is not a province code (DOPA)", 1),
        [UnknownSubject] = ("'{0}' does not exist", 1),
        [ReportSubjectFromKey] = ("figures about the audit report come from the report itself", 0),
        [InvalidPeriod] = ("'{0}' is not a period (yyyy-MM, or FY and a B.E. year such as FY2569)", 1),
        [DateValueFormat] = ("{0} takes a date written yyyy-MM-dd", 1),
        [DateValueRange] = ("{0} is a date from {1} to {2}", 3),
        [NotANumber] = ("'{0}' is not a number", 1),
        [NegativeCount] = ("a count is never negative", 0),
        // {3} is the unit in English, {4} in Thai.
        [ValueRange] = ("{0} is between {1} and {2} {3}", 5),
        [WholeNumber] = ("{0} is a whole number", 1),
        [AsOfFormat] = ("'{0}' is not a date written yyyy-MM-dd", 1),
        [AsOfInFuture] = ("an as-of date cannot be in the future (today is {0})", 1),
        [DuplicateObservation] = ("the same source, metric, subject and period as row {0}", 1),

        [InvalidAudience] = ("employer or citizen", 0),
        [InvalidLinkageMode] = ("1 (direct API), 2 (request per update cycle) or 3 (via another agency)", 0),
        [InvalidLinkStatus] = ("linked, api-in-progress or not-linked", 0),
        [UnknownAgency] = ("agency '{0}' does not exist", 1),
        [InvalidRecordLevel] = ("yes/ใช่ or no/ไม่ใช่", 0),
        [UnknownFrequency] = ("a GD Catalog update-frequency unit: {0}", 1),
        [InvalidFrequencyInterval] = ("a whole number from 1", 0),
        [InvalidContractId] = ("an id of lower-case letters, digits, . _ -", 0),
        [ContractExists] = ("contract '{0}' already exists", 1),
        [InvalidDailyRate] = ("0.01–0.20 (% of the value not yet delivered, per day)", 0),
        [InvalidMilestoneId] = ("a milestone id, unique within the contract", 0),
        [InvalidId] = ("an id of lower-case letters, digits, . _ - (at most 80)", 0),
        [DuplicateId] = ("the same id as row {0}", 1),
        [IdExists] = ("'{0}' already exists", 1),
        [Required] = ("required", 0),
        [UnknownUnit] = ("'{0}' is not a known unit code", 1),
        [NegativeAmount] = ("a number that is not negative", 0),
        [InvalidDate] = ("a date written yyyy-MM-dd (C.E.)", 0),
        [DateInFuture] = ("the date is in the future", 0),

        // The REST reason of these is the text rule's own detail; these are the pages' English.
        [TextRequired] = ("'{0}' is required and may not be blank.", 2),
        [TextTooLong] = ("'{0}' may be at most {1} characters.", 2),
        [TextControlCharacter] = ("'{0}' contains a control character.", 2),
        [TextInvalidCharacter] = ("'{0}' contains characters that are not valid Unicode text.", 2),
        [TextUnsafeCharacter] = ("'{0}' contains an invisible or direction-changing character.", 2),
        [TextMarkupNotAllowed] = ("'{0}' may not contain markup (HTML tags).", 2),
        [TextInvalid] = ("'{0}' is not valid text.", 2),
    };

    /// <summary>Every code, from the constants above (so a code added there is in every check of the list).</summary>
    public static IReadOnlyList<string> All { get; } = typeof(InputErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    /// <summary>The English of <paramref name="code"/> with <paramref name="args"/>.</summary>
    public static string Describe(string code, IReadOnlyList<string> args) =>
        string.Format(CultureInfo.InvariantCulture, English[code].Text, args.Cast<object?>().ToArray());
}

public sealed partial record InputError
{
    /// <summary>An error of <paramref name="code"/> (one of <see cref="InputErrorCodes"/>); arguments are kept as invariant text.</summary>
    public static InputError Of(int row, string column, string code, params object?[] args)
    {
        if (!InputErrorCodes.English.TryGetValue(code, out var english))
        {
            throw new ArgumentException($"'{code}' is not one of InputErrorCodes.", nameof(code));
        }
        var text = args.Select(a => a switch
        {
            null => "",
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => a.ToString() ?? "",
        }).ToArray();
        if (text.Length != english.Args)
        {
            throw new ArgumentException($"'{code}' takes {english.Args} argument(s), not {text.Length}.", nameof(args));
        }
        return new InputError(row, column, InputErrorCodes.Describe(code, text), code, text);
    }

    /// <summary>
    /// A name refused by the text rules (<paramref name="code"/> and <paramref name="detail"/> from the rule's refusal):
    /// its code prefixed with "text-", the column and the length limit as arguments, the rule's own English as the reason.
    /// </summary>
    public static InputError FromTextRule(int row, string column, string code, string detail, int maxLength)
    {
        var prefixed = "text-" + code;
        if (!InputErrorCodes.English.ContainsKey(prefixed))
        {
            prefixed = InputErrorCodes.TextInvalid;
        }
        return new InputError(row, column, detail, prefixed, [column, maxLength.ToString(CultureInfo.InvariantCulture)]);
    }
}
