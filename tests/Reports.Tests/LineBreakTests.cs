using Oversight.Reports.Model;
using Oversight.Reports.Text;

namespace Oversight.Reports.Tests;

public sealed class LineBreakTests
{
    private static readonly TextLayouter Layouter = new(FontLibrary.Default);
    private static readonly ResolvedStyle Body = ResolvedStyle.From(new TextStyle { Size = 16 });

    public static TheoryData<float> Widths => new() { 60f, 97.5f, 150f, 233f, 320f, 453.5f };

    [Theory]
    [MemberData(nameof(Widths))]
    public void Lines_break_only_at_icu_boundaries_and_never_overflow(float width)
    {
        var text = Samples.LongThai + " " + string.Join(" ", Samples.ThaiProbes);
        var boundaries = LineBreaker.GetBoundaries(text).ToHashSet();
        // ICU must find Thai word boundaries inside runs without spaces.
        Assert.Contains(boundaries, b => b > 0 && b < text.Length && text[b - 1] != ' ' && text[b] != ' ');

        var lines = Layouter.Layout([new InlineRun(text, Body, null)], width, new ParagraphOptions(TextAlign.Left, 1f, 0, 0), Body);
        Assert.True(lines.Count > 1);
        Assert.Equal(text, string.Concat(lines.Select(l => l.Text)));
        var offset = 0;
        foreach (var line in lines)
        {
            Assert.True(line.Width <= width + 0.01f, $"line '{line.Text}' is {line.Width} wide > {width}");
            Assert.True(line.Right <= width + 0.01f, $"line '{line.Text}' ink ends at {line.Right} > {width}");
            if (offset > 0)
            {
                // Either an ICU boundary, or a hard break inside a single segment wider than the line.
                var isBoundary = boundaries.Contains(offset);
                if (!isBoundary)
                {
                    var prev = boundaries.Where(b => b < offset).Max();
                    var next = boundaries.Where(b => b > offset).Min();
                    var segment = Layouter.Layout([new InlineRun(text[prev..next].TrimEnd(), Body, null)], float.PositiveInfinity, new ParagraphOptions(TextAlign.Left, 1f, 0, 0), Body)[0];
                    Assert.True(segment.Width > width, $"break at {offset} ('{line.Text}') is not an ICU boundary and segment '{text[prev..next]}' fits in {width}");
                }
            }
            offset += line.Text.Length;
        }
    }

    [Fact]
    public void Thai_words_are_not_split_at_normal_widths()
    {
        var text = "สำนักงานปลัดกระทรวงแรงงาน ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร ข้อเสนอแนะ คำนิยาม น้ำ เพื่อ ที่";
        var lines = Layouter.Layout([new InlineRun(text, Body, null)], 120, new ParagraphOptions(TextAlign.Left, 1f, 0, 0), Body);
        var boundaries = LineBreaker.GetBoundaries(text);
        var offset = 0;
        foreach (var line in lines.Take(lines.Count - 1))
        {
            offset += line.Text.Length;
            Assert.Contains(offset, boundaries);
            // A break never separates a combining mark or SARA AM from its base.
            Assert.False(char.GetUnicodeCategory(text[offset]) == System.Globalization.UnicodeCategory.NonSpacingMark);
            Assert.NotEqual('ำ', text[offset]);
        }
    }

    [Fact]
    public void Overlong_segment_is_hard_broken_at_grapheme_boundaries_without_losing_text()
    {
        var url = "https://www.audit.go.th/reports/2569/follow-up/labour-big-data-analytics/recommendation-F1-R1.1";
        var lines = Layouter.Layout([new InlineRun(url, Body, null)], 100, new ParagraphOptions(TextAlign.Left, 1f, 0, 0), Body);
        Assert.True(lines.Count >= 3);
        Assert.Equal(url, string.Concat(lines.Select(l => l.Text)));
        Assert.All(lines, l => Assert.True(l.Width <= 100.01f));
    }

    [Theory]
    [InlineData(TextAlign.Center)]
    [InlineData(TextAlign.Right)]
    [InlineData(TextAlign.Justify)]
    public void Aligned_lines_stay_within_the_width(TextAlign align)
    {
        var lines = Layouter.Layout([new InlineRun(Samples.LongThai, Body, null)], 300, new ParagraphOptions(align, 1f, 0, 0), Body);
        foreach (var line in lines)
        {
            Assert.True(line.Right <= 300.01f, $"{align}: '{line.Text}' ends at {line.Right}");
            Assert.True(line.Pieces[0].X >= -0.01f);
        }
        if (align == TextAlign.Right)
        {
            Assert.All(lines, l => Assert.InRange(l.Right, 299.5f, 300.01f));
        }
    }

    [Fact]
    public void Breaker_is_consistent_across_threads()
    {
        var texts = Enumerable.Range(0, 64).Select(i => $"{i} " + Samples.LongThai[(i % 40)..]).ToArray();
        var expected = texts.Select(t => string.Join(",", LineBreaker.GetBoundaries(t))).ToArray();
        var results = new string[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            results[i] = string.Join(",", LineBreaker.GetBoundaries(texts[i] + " ")[..^1]);
        });
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.StartsWith(expected[i][..expected[i].LastIndexOf(',')], results[i]);
        }
    }
}
