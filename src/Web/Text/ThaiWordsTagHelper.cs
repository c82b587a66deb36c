using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Oversight.Web.Text;

/// <summary>
/// <c>&lt;thai-words&gt;…&lt;/thai-words&gt;</c>: renders its content with Thai broken only at word boundaries
/// (<see cref="ThaiWords.ProcessHtml"/>) and without an element of its own. The layout wraps the navigation and every
/// page's body in it, so every Thai text a page renders (data, labels, headings) follows the same rule; text the pages'
/// scripts insert goes through <c>wwwroot/js/thai.js</c>, which applies the same glossary and rules.
/// </summary>
[HtmlTargetElement("thai-words")]
public sealed class ThaiWordsTagHelper(HtmlEncoder encoder) : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = null;
        var content = await output.GetChildContentAsync();
        output.Content.SetHtmlContent(ThaiWords.ProcessHtml(content.GetContent(encoder)));
    }
}
