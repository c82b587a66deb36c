using Oversight.Reports.FollowUp;
using Oversight.Reports.Model;

namespace Oversight.Reports.Tests.FollowUp;

/// <summary>
/// No generated PDF has a page that holds only the running header and footer, the last page included: every page of
/// the full report, the executive summary and each unit report, in Thai and English, for the sample models.
/// </summary>
public sealed class NoBlankPageTests
{
    private static readonly Dictionary<string, Func<FollowUpReport>> SampleModels = new()
    {
        ["build-200"] = () => FollowUpSamples.Build(),
        ["build-5"] = () => FollowUpSamples.Build(5),
        ["build-2"] = () => FollowUpSamples.Build(2),
        // With the old paginator, space left after the last block that did not fit the last page opened an empty
        // one: the English summary of this model, and the full and ICT reports of the next, ended with a blank page.
        ["overdue-1"] = () => FollowUpSamples.WithOverdue(1),
        ["overdue-23-checkpoint"] = () => FollowUpSamples.WithOverdue(23) with { Checkpoint = FollowUpSamples.Checkpoint },
        ["overdue-14-synthetic"] = () => FollowUpSamples.WithOverdue(13) with { Checkpoint = FollowUpSamples.Checkpoint, Synthetic = true },
        // The programme section (indicators, contracts, offices, data exchange) and the official form's signature block.
        ["programme-5"] = () => FollowUpSamples.WithProgramme(5),
        ["programme-overdue-23"] = () => FollowUpSamples.WithOverdue(23) with { Programme = FollowUpSamples.Programme(), Checkpoint = FollowUpSamples.Checkpoint },
    };

    public static TheoryData<string> Models() => new(SampleModels.Keys);

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_page_of_every_pdf_has_body_text_beyond_the_running_header_and_footer(string model)
    {
        var report = SampleModels[model]();
        foreach (var (kind, doc) in Documents(report))
        {
            using var ms = new MemoryStream();
            var rendered = PdfRenderer.Render(doc, ms, null);
            var path = PdfTools.SaveArtifact($"pages-{model}-{kind}.pdf", ms.ToArray());
            var pages = PdfTools.PageCount(path);
            Assert.Equal(rendered, pages);
            for (var n = 1; n <= pages; n++)
            {
                var body = Body(doc, PdfTools.PdfToTextPage(path, n), n, pages);
                Assert.True(body.Length > 0, $"{model} {kind}: page {n} of {pages} holds only the running header/footer");
            }
            var last = Body(doc, PdfTools.PdfToTextPage(path, pages), pages, pages);
            Assert.True(last.Length > 0, $"{model} {kind}: the last page ({pages}) is blank");
        }
    }

    /// <summary>Every PDF the composers make from <paramref name="report"/>.</summary>
    private static IEnumerable<(string Kind, Document Doc)> Documents(FollowUpReport report)
    {
        foreach (var lang in new[] { ReportLanguage.Thai, ReportLanguage.English })
        {
            var l = lang == ReportLanguage.Thai ? "th" : "en";
            yield return ($"full-{l}", FollowUpComposer.Compose(report, lang));
            yield return ($"summary-{l}", ExecutiveSummaryComposer.Compose(report, lang));
            foreach (var unit in report.Recommendations.SelectMany(r => r.Units).Distinct())
            {
                yield return ($"unit-{unit}-{l}", FollowUpComposer.ComposeForUnit(report, unit, lang));
            }
        }
    }

    /// <summary>A page's text without whitespace and without the running header and footer texts of that page.</summary>
    internal static string Body(Document doc, string pageText, int page, int pages)
    {
        var text = PdfTools.StripWhitespace(pageText);
        foreach (var running in new[] { doc.Header, doc.Footer })
        {
            if (running is null)
            {
                continue;
            }
            foreach (var template in new[] { running.Left, running.Center, running.Right })
            {
                if (!string.IsNullOrEmpty(template))
                {
                    var drawn = PdfTools.StripWhitespace(PdfRenderer.Substitute(template, page, pages, running.ThaiDigits));
                    text = text.Replace(drawn, "", StringComparison.Ordinal);
                }
            }
        }
        return text;
    }
}
