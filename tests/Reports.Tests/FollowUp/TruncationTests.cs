using Oversight.Reports.FollowUp;

namespace Oversight.Reports.Tests.FollowUp;

/// <summary>A list cut short in a PDF says so, with both numbers, in Thai and English.</summary>
public sealed class TruncationTests
{
    private static string Text(Oversight.Reports.Model.Document doc, string artifact) =>
        PdfTools.PdfToText(PdfTools.SaveArtifact(artifact, PdfRenderer.RenderToBytes(doc)));

    private static string Flat(string text) => PdfTools.StripWhitespace(text);

    [Fact]
    public void Executive_summary_with_more_overdue_recommendations_than_it_lists_says_how_many_it_shows_and_where_the_rest_are()
    {
        var model = FollowUpSamples.WithOverdue(13); // F1-R4 and O1-R101…O1-R113: 14 overdue
        var overdue = model.Recommendations.Where(r => r.Overdue).ToList();
        Assert.Equal(14, overdue.Count);
        Assert.True(overdue.Count > ExecutiveSummaryComposer.MaxListedRecommendations);

        var th = Text(ExecutiveSummaryComposer.Compose(model), "summary-cut-th.pdf");
        Assert.Contains("ข้อเสนอแนะที่เกินกำหนด (14)", th);
        Assert.Contains(Flat("แสดง 10 จาก 14 รายการ รายการที่เหลืออยู่ในรายงานฉบับเต็ม"), Flat(th));
        // Exactly the ten oldest are listed: F1-R4 and O1-R113…O1-R105; O1-R104…O1-R101 are left to the full report.
        var listed = overdue.Where(r => th.Contains(r.Code + "\n", StringComparison.Ordinal) || th.Contains(r.Code + " ", StringComparison.Ordinal)).Select(r => r.Code).ToList();
        Assert.Equal(10, listed.Count);
        Assert.Contains("F1-R4", listed);
        Assert.DoesNotContain("O1-R101", listed);

        var en = Text(ExecutiveSummaryComposer.Compose(model, ReportLanguage.English), "summary-cut-en.pdf");
        Assert.Contains("Overdue recommendations (14)", en);
        Assert.Contains(Flat("10 of 14 shown; the rest are in the full report."), Flat(en));

        // The full report does hold all fourteen.
        var full = Text(FollowUpComposer.Compose(model), "summary-cut-full-th.pdf");
        foreach (var r in overdue)
        {
            Assert.Contains("ข้อเสนอแนะ " + r.Code, full);
        }
    }

    [Fact]
    public void A_list_that_is_not_cut_has_no_note()
    {
        var model = FollowUpSamples.WithOverdue(ExecutiveSummaryComposer.MaxListedRecommendations - 1); // exactly the cap
        Assert.Equal(ExecutiveSummaryComposer.MaxListedRecommendations, model.Recommendations.Count(r => r.Overdue));
        var th = Text(ExecutiveSummaryComposer.Compose(model), "summary-uncut-th.pdf");
        Assert.Contains("ข้อเสนอแนะที่เกินกำหนด (10)", th);
        Assert.DoesNotContain(Flat("รายการที่เหลืออยู่ในรายงานฉบับเต็ม"), Flat(th));
    }

    [Fact]
    public void The_due_soon_list_says_so_too_when_it_is_cut()
    {
        var model = FollowUpSamples.Build(2);
        var soon = Enumerable.Range(1, 12).Select(i => model.Findings[1].Recommendations[0] with
        {
            Code = $"O1-R{200 + i}",
            Status = FollowUpStatus.InProgress,
            DueDate = FollowUpSamples.AsOf.AddDays(i),
            Overdue = false,
        }).ToArray();
        model = model with
        {
            Findings =
            [
                model.Findings[0] with { Recommendations = model.Findings[0].Recommendations.Select(r => r with { Overdue = false, DueDate = FollowUpSamples.AsOf.AddDays(200) }).ToArray() },
                model.Findings[1] with { Recommendations = soon },
            ],
        };
        Assert.DoesNotContain(model.Recommendations, r => r.Overdue);
        var th = Text(ExecutiveSummaryComposer.Compose(model), "summary-soon-cut-th.pdf");
        Assert.Contains("ข้อเสนอแนะที่จะครบกำหนดภายใน 60 วัน (12)", th);
        Assert.Contains(Flat("แสดง 10 จาก 12 รายการ รายการที่เหลืออยู่ในรายงานฉบับเต็ม"), Flat(th));
        var en = Text(ExecutiveSummaryComposer.Compose(model, ReportLanguage.English), "summary-soon-cut-en.pdf");
        Assert.Contains(Flat("10 of 12 shown; the rest are in the full report."), Flat(en));
    }
}
