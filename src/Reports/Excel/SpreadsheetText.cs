using System.Diagnostics.CodeAnalysis;

namespace Oversight.Reports.Excel;

/// <summary>
/// The one rule for text that Oversight writes into a spreadsheet cell (OWASP "CSV injection", also called formula
/// injection): a text value that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab (U+0009) or a carriage
/// return (U+000D) is written with a leading apostrophe, so that Excel, LibreOffice and other spreadsheet programs show
/// it as text and never run it as a formula. Titles, unit names, action titles, file names and descriptions come from
/// users, so this matters for every cell that holds one.
/// </summary>
/// <remarks>
/// Every CSV or XLSX export, and every spreadsheet template, must pass each text cell (headers included) through
/// <see cref="Safe(string?)"/> or <see cref="Cell(object?)"/>; numbers and dates are written as numbers and dates and
/// are left alone. <see cref="RegisterExporter"/> does so for every sheet. Do not copy the rule elsewhere: call it.
/// </remarks>
public static class SpreadsheetText
{
    /// <summary>The characters that make a spreadsheet program read a cell as a formula when they come first.</summary>
    public static IReadOnlyList<char> FormulaTriggers { get; } = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>The text as it must be written to a cell: with a leading apostrophe when it would start a formula, otherwise unchanged.</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Safe(string? value) =>
        string.IsNullOrEmpty(value) || !FormulaTriggers.Contains(value[0]) ? value : "'" + value;

    /// <summary>A cell value as it must be written: text through <see cref="Safe(string?)"/>, anything else (numbers, dates, empty) unchanged.</summary>
    public static object? Cell(object? value) => value is string text ? Safe(text) : value;
}
