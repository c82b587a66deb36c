using Oversight.Web.Text;

namespace Oversight.Web.Pages;

/// <summary>
/// A date input as the pages render it (<c>_DateInput.cshtml</c>): a text box showing and taking dd/mm/yyyy in the
/// interface's era (B.E. in Thai), with a hint, a live reading of what was typed and a calendar (js/dates.js). The
/// server reads what was posted with <see cref="DateInput.Parse"/>.
/// </summary>
/// <param name="Id">The input's id (unique on the page).</param>
/// <param name="Name">The form field's name.</param>
/// <param name="Label">The visible label.</param>
/// <param name="Value">What the box shows: what was typed (kept after an error) or <see cref="DateInput.Format(DateOnly, string)"/>.</param>
/// <param name="Required">Whether the form needs it.</param>
/// <param name="Error">The message beside it after a refused save.</param>
/// <param name="TestId">data-testid of the input.</param>
/// <param name="CssClass">Class of the wrapping element (e.g. "wide").</param>
public sealed record DateField(string Id, string Name, string Label, string? Value, bool Required = true, string? Error = null,
    string? TestId = null, string? CssClass = null);
