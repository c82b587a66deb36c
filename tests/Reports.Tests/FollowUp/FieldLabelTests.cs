using System.Text.RegularExpressions;
using Oversight.Reports.FollowUp;

namespace Oversight.Reports.Tests.FollowUp;

/// <summary>
/// The history annex prints labels, not the aggregates' field names: every field name any aggregate records (read
/// from the source of src/Grains, so a new field without a label fails here) has a Thai and an English label, and a
/// report whose history holds every one of them prints none of the raw names, B.E. dates in Thai and people's names.
/// </summary>
public sealed partial class FieldLabelTests
{
    /// <summary>Every field template recorded by a <c>FieldChange</c> in src/Grains (item ids as <c>[{id}]</c>).</summary>
    internal static IReadOnlyList<string> EmittedFields()
    {
        var root = Path.Combine(PdfTools.RepoRoot, "src", "Grains");
        var dimensions = QualityDimensionsFromSource();
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        var unreadable = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            var prefix = Prefix().Match(source) is { Success: true } p ? p.Groups["p"].Value : null;
            var literals = FieldLiteral().Matches(source).Select(m => m.Groups["f"].Value)
                .Concat(ListInitializer().Matches(source).Select(m => m.Groups["f"].Value));
            foreach (var literal in literals)
            {
                var field = prefix is null ? literal : literal.Replace("{prefix}", prefix, StringComparison.Ordinal);
                field = Regex.Replace(field, @"\[\{[^}]+\}\]", "[{id}]");
                var expanded = field.Contains("{s.Key}", StringComparison.Ordinal)
                    ? dimensions.Select(d => field.Replace("{s.Key}", d, StringComparison.Ordinal))
                    : [field];
                foreach (var f in expanded)
                {
                    if (f.Replace("{id}", "", StringComparison.Ordinal).Contains('{'))
                    {
                        unreadable.Add($"{Path.GetFileName(file)}: {literal}");
                    }
                    else
                    {
                        fields.Add(f);
                    }
                }
            }
            // A FieldChange whose field is neither a literal nor the helpers' parameter cannot be read here.
            foreach (Match m in NonLiteral().Matches(source))
            {
                if (m.Groups["arg"].Value != "field")
                {
                    unreadable.Add($"{Path.GetFileName(file)}: FieldChange({m.Groups["arg"].Value}…");
                }
            }
        }
        Assert.True(unreadable.Count == 0, "field names the test cannot read: " + string.Join("; ", unreadable));
        return [.. fields];
    }

    private static string[] QualityDimensionsFromSource()
    {
        var entities = File.ReadAllText(Path.Combine(PdfTools.RepoRoot, "src", "Grains.Abstractions", "Monitoring", "Entities.cs"));
        var list = Regex.Match(entities, @"QualityDimensions[\s\S]*?All\s*=\s*\[(?<l>[^\]]+)\]");
        Assert.True(list.Success);
        return Regex.Matches(list.Groups["l"].Value, "\"([a-z]+)\"").Select(m => m.Groups[1].Value).ToArray();
    }

    [Fact]
    public void Every_field_name_the_aggregates_record_has_a_thai_and_an_english_label()
    {
        var fields = EmittedFields();
        // Recommendations, contracts, offices, e-services, agencies and datasets, indicators, API keys, ingestion.
        foreach (var expected in new[] { "dueDate", "actions[{id}].status", "milestones[{id}].deliveredOn", "datasets[{id}].timeliness", "keys[{id}].revoked", "observations", "targetDate" })
        {
            Assert.Contains(expected, fields);
        }
        Assert.True(fields.Count >= 45, $"only {fields.Count} fields found: {string.Join(", ", fields)}");
        var missing = fields.Where(f => !FieldLabels.Fields.ContainsKey(f)).ToArray();
        Assert.True(missing.Length == 0, "no label for: " + string.Join(", ", missing));
        foreach (var f in fields)
        {
            var label = FieldLabels.Fields[f];
            Assert.Matches("[\u0E00-\u0E7F]", label.Th);
            Assert.DoesNotMatch("[\u0E00-\u0E7F]", label.En);
        }
    }

    [Fact]
    public void The_annex_prints_labels_buddhist_era_dates_and_names_never_a_raw_field_name_or_an_iso_date()
    {
        var fields = EmittedFields();
        var changes = fields.Select(f => new HistoryChange(f.Replace("{id}", "x-1", StringComparison.Ordinal),
            f.EndsWith("Date", StringComparison.Ordinal) || f.EndsWith("On", StringComparison.Ordinal) ? "2026-10-31" : null,
            f.StartsWith("extensions", StringComparison.Ordinal) && f.EndsWith("status", StringComparison.Ordinal) ? "approved"
            : f.EndsWith("status", StringComparison.Ordinal) ? "in-progress"
            : f.EndsWith("Date", StringComparison.Ordinal) || f.EndsWith("On", StringComparison.Ordinal) || f is "terminationReview" ? "2026-11-24"
            : f.EndsWith("overdue", StringComparison.Ordinal) || f.EndsWith("withdrawn", StringComparison.Ordinal) ? "true"
            : "ค่า")).ToArray();
        var model = FollowUpSamples.Build(2);
        var withAll = model with
        {
            Findings = model.Findings.Select(f => f with
            {
                Recommendations = f.Recommendations.Select(r => r.Code == "F1-R4"
                    ? r with { History = [.. r.History, new HistoryRow(r.History.Count + 1, r.History[^1].At.AddHours(1), "นางสาวตรวจสอบ ใจดี", "progress-updated", changes, null, FollowUpSamples.Hash("F1-R4", 99))] }
                    : r).ToArray(),
            }).ToArray(),
        };
        foreach (var (lang, date, label) in new[] { (ReportLanguage.Thai, "24 พ.ย. 2569", "กำหนดแล้วเสร็จ"), (ReportLanguage.English, "24 Nov 2026", "Due date") })
        {
            var pdf = PdfRenderer.RenderToBytes(FollowUpComposer.Compose(withAll, lang));
            var path = PdfTools.SaveArtifact($"annex-labels-{(lang == ReportLanguage.Thai ? "th" : "en")}.pdf", pdf);
            var text = PdfTools.PdfToText(path);
            var annex = text[text.LastIndexOf(lang == ReportLanguage.Thai ? "ภาคผนวก" : "Annex", StringComparison.Ordinal)..];
            var flat = PdfTools.StripWhitespace(annex);
            foreach (var f in fields)
            {
                var raw = f.Replace("{id}", "x-1", StringComparison.Ordinal);
                // No field name in Thai at all; in English no compound, bracketed or camel-case one (a one-word name
                // such as "status" is the English word itself).
                if (lang == ReportLanguage.Thai || raw.Any(c => c is '[' or '.' || char.IsUpper(c)))
                {
                    Assert.DoesNotContain(raw, annex);
                }
                Assert.Contains(PdfTools.StripWhitespace(FieldLabels.Label(raw, lang)), flat);
            }
            Assert.DoesNotContain("2026-11-24", annex);
            Assert.DoesNotContain("2026-10-31", annex);
            Assert.Contains(PdfTools.StripWhitespace(date), flat);
            Assert.Contains(PdfTools.StripWhitespace(label), flat);
            Assert.Contains(PdfTools.StripWhitespace("นางสาวตรวจสอบ ใจดี"), flat);
        }
    }

    [Theory]
    [InlineData("dueDate", "2024-11-24", ReportLanguage.Thai, "กำหนดแล้วเสร็จ", "24 พ.ย. 2567")]
    [InlineData("actions[act-1].status", "in-progress", ReportLanguage.Thai, "แผนการดำเนินการ act-1: สถานะ", "กำลังดำเนินการ")]
    [InlineData("status", "closed-implemented", ReportLanguage.Thai, "สถานะ", "ปิด: ดำเนินการแล้ว")]
    [InlineData("status", "api-in-progress", ReportLanguage.English, "Status", "API in progress")]
    [InlineData("extensions[ext-2].status", "approved", ReportLanguage.English, "Extension ext-2: decision", "Approved")]
    [InlineData("evidence[ev-1].withdrawn", "true", ReportLanguage.Thai, "หลักฐาน ev-1: ถอนแล้ว", "ใช่")]
    [InlineData("milestones[development].deliveredOn", "2022-11-14", ReportLanguage.English, "Milestone development: delivered on", "14 Nov 2022")]
    public void A_field_and_its_value_read_as_words(string field, string value, ReportLanguage lang, string label, string shown)
    {
        Assert.Equal(label, FieldLabels.Label(field, lang));
        Assert.Equal(shown, FieldLabels.Value(field, value, lang));
    }

    [Fact]
    public void An_evidence_value_keeps_the_file_and_shortens_its_sha256_to_sixteen_digits()
    {
        var sha = FollowUpSamples.EvidenceSha;
        var shown = FieldLabels.Value("evidence[ev-1]", $"plan.pdf (application/pdf, 1234 bytes, sha256 {sha})", ReportLanguage.Thai);
        Assert.Equal($"plan.pdf (application/pdf, 1234 ไบต์, SHA-256 {sha[..16]}…)", shown);
    }

    [GeneratedRegex("""(?:FieldChange|Change)\(\s*\$?"(?<f>[^"]+)"\s*,""")]
    private static partial Regex FieldLiteral();

    [GeneratedRegex("""List<FieldChange>\s*\{\s*new\(\s*\$?"(?<f>[^"]+)"\s*,""")]
    private static partial Regex ListInitializer();

    [GeneratedRegex("""var prefix = \$"(?<p>[^"]+)";""")]
    private static partial Regex Prefix();

    [GeneratedRegex("""new FieldChange\(\s*(?<arg>[A-Za-z_][A-Za-z0-9_.]*)\s*,""")]
    private static partial Regex NonLiteral();
}
