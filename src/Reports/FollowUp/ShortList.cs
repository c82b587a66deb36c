using Oversight.Reports.Model;

namespace Oversight.Reports.FollowUp;

/// <summary>
/// The one rule for a list that a report shows only in part: it shows the first items up to a cap and, whenever it
/// leaves any out, says so right under the list with both numbers ("แสดง 10 จาก 14 รายการ รายการที่เหลืออยู่ในรายงานฉบับเต็ม"
/// / "10 of 14 shown; the rest are in the full report."). A composer that limits a list calls <see cref="Cut{T}"/>
/// and adds the note it returns; none cuts a list on its own, so no list is ever shortened silently.
/// </summary>
internal static class ShortList
{
    /// <summary>The first <paramref name="cap"/> items, and the note to add under them (null when nothing is left out).</summary>
    public static (IReadOnlyList<T> Shown, Paragraph? Note) Cut<T>(IReadOnlyList<T> items, int cap, FollowUpText t)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(cap);
        if (items.Count <= cap)
        {
            return (items, null);
        }
        return (items.Take(cap).ToArray(), Note(cap, items.Count, t));
    }

    /// <summary>The note for <paramref name="shown"/> of <paramref name="total"/> items.</summary>
    public static Paragraph Note(int shown, int total, FollowUpText t) =>
        new([new Span(FollowUpText.Format(t.ListCut, shown, total), new TextStyle { Bold = true, Color = FollowUpComposer.Muted })])
        {
            Style = new TextStyle { Size = FollowUpComposer.SmallSize },
            SpaceAfter = 8,
        };
}
