using System.Net;
using Oversight.Reports.Text;
using Oversight.TestSupport;
using Oversight.Web.Text;

namespace Oversight.Api.Tests;

/// <summary>
/// The browser's and the pages' Thai glossary is the one in <c>src/Reports/Text/thai-words.json</c>: the Web build
/// copies that file into wwwroot/js (git-ignored) and the server reads it from Oversight.Reports.
/// </summary>
public sealed class ThaiGlossaryTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private static readonly string SourcePath = Path.Combine(RepoRoot.Find(), "src", "Reports", "Text", "thai-words.json");

    [Fact]
    public async Task The_served_glossary_is_the_Reports_source_byte_for_byte()
    {
        var client = await factory.ClientForAsync(null);
        var response = await client.GetAsync("/js/thai-words.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(File.ReadAllBytes(SourcePath), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public void The_pages_break_with_the_same_glossary_and_keep_every_word_whole()
    {
        Assert.Equal(ThaiGlossary.Words, ThaiWords.Glossary);
        var split = ThaiGlossary.Words
            .Select(word => (word, text: $"ตาม {word} และ"))
            .Where(w => ThaiWords.Breaks(w.text).Any(b => b > 4 && b < 4 + w.word.Length))
            .Select(w => w.word)
            .ToList();
        Assert.Empty(split);
    }
}
