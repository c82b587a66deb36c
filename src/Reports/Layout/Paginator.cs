using Oversight.Reports.Model;
using Oversight.Reports.Text;

namespace Oversight.Reports.Layout;

/// <summary>A page after layout: its setup, body box and placed fragments (y = top of the fragment).</summary>
internal sealed class LaidOutPage(PageSetup setup, float bodyTop, float bodyBottom)
{
    public PageSetup Setup { get; } = setup;
    public float BodyLeft => Setup.Margins.Left;
    public float BodyTop { get; } = bodyTop;
    public float BodyBottom { get; } = bodyBottom;
    public List<(Fragment Fragment, float Y)> Items { get; } = [];
}

/// <summary>Lays out a whole document body into pages (pass 1; running content is drawn in pass 2 once the page count is known).</summary>
internal sealed class DocumentLayouter(TextLayouter text)
{
    private const float Epsilon = 0.01f;
    private readonly BlockLayouter blocks = new(text);

    public TextLayouter Text { get; } = text;

    public List<LaidOutPage> Layout(Document doc)
    {
        var baseStyle = doc.BaseStyle;
        var setup = doc.Page;
        var fragments = new List<(Fragment F, PageSetup Setup)>();
        foreach (var block in doc.Blocks)
        {
            if (block is PageBreak { Orientation: { } o })
            {
                setup = setup with { Orientation = o };
                fragments.Add((new PageBreakFragment(o), setup));
                continue;
            }
            foreach (var f in blocks.Layout([block], setup.ContentWidth, new BlockContext(baseStyle, null, InCell: false)))
            {
                fragments.Add((f, setup));
            }
        }
        return Paginate(doc, fragments);
    }

    /// <summary>Body top and bottom for a page setup, pushed inwards if the running header/footer would overlap the margins.</summary>
    public (float Top, float Bottom) BodyBounds(Document doc, PageSetup setup)
    {
        var top = setup.Margins.Top;
        var bottom = setup.Height - setup.Margins.Bottom;
        if (doc.Header is { } h)
        {
            top = Math.Max(top, setup.HeaderDistance + RunningLineHeight(doc, h) + 6f);
        }
        if (doc.Footer is { } f)
        {
            bottom = Math.Min(bottom, setup.Height - setup.FooterDistance - RunningLineHeight(doc, f) - 6f);
        }
        return (top, bottom);
    }

    public float RunningLineHeight(Document doc, RunningContent content)
    {
        var style = RunningStyle(doc, content);
        return Text.LayoutSingleLine("หน้า 0", style).Height;
    }

    public static ResolvedStyle RunningStyle(Document doc, RunningContent content)
    {
        var defaults = new TextStyle { Size = 12f, Color = Model.Color.FromHex("#555555") }.InheritFrom(doc.BaseStyle);
        return ResolvedStyle.From(content.Style is null ? defaults : content.Style.InheritFrom(defaults));
    }

    /// <summary>
    /// Places the fragments on pages. A page is opened only when something that is not discardable is about to be
    /// placed on it, so a page break followed by nothing (or by vertical space only), or space that does not fit at the
    /// bottom of a page, never produces a page that holds only the running header and footer. An empty document still
    /// gets one page.
    /// </summary>
    private List<LaidOutPage> Paginate(Document doc, List<(Fragment F, PageSetup Setup)> fragments)
    {
        var pages = new List<LaidOutPage>();
        var setup = doc.Page;
        LaidOutPage? page = null; // null: the next fragment placed opens a new page
        float y = 0;
        var placedOnPage = 0; // body fragments other than repeated headers

        void NewPage(Fragment? next)
        {
            var (top, bottom) = BodyBounds(doc, setup);
            page = new LaidOutPage(setup, top, bottom);
            pages.Add(page);
            y = top;
            placedOnPage = 0;
            // Continuing table: repeat its header rows.
            if (next is { Table: { } t, IsHeaderRow: false } && t.HeaderRows.Count > 0)
            {
                foreach (var h in t.HeaderRows)
                {
                    page.Items.Add((h, y));
                    y += h.Height;
                }
            }
        }

        var i = 0;
        Fragment? pending = null;
        while (pending is not null || i < fragments.Count)
        {
            var f = pending ?? fragments[i].F;
            var fromPending = pending is not null;
            if (f is PageBreakFragment pb)
            {
                if (pb.Orientation is not null)
                {
                    setup = fragments[i].Setup;
                }
                // Close the page; the next fragment that is placed opens the new one (with the new setup). A break at
                // the very start, two in a row, or one at the end therefore adds no page.
                if (page is not null && placedOnPage == 0)
                {
                    pages.Remove(page); // only repeated table headers on it: not a page of its own
                }
                page = null;
                i++;
                continue;
            }
            var atTop = page is null || placedOnPage == 0;
            if (atTop && f.Discardable)
            {
                Advance();
                continue;
            }
            if (page is null)
            {
                NewPage(f);
            }
            var available = page!.BodyBottom - y;
            var capacity = page.BodyBottom - page.BodyTop - (f is { Table: { } tf, IsHeaderRow: false } ? tf.HeaderHeight : 0);
            if (f.Height <= available + Epsilon)
            {
                if (f.KeepWithNext && !atTop)
                {
                    var chain = ChainHeight(fragments, fromPending ? i : i + 1, f.Height);
                    if (chain > available + Epsilon && chain <= capacity)
                    {
                        NewPage(f);
                        continue;
                    }
                }
                Place(f);
                Advance();
                continue;
            }
            if (f.Discardable)
            {
                // Space that does not fit at the bottom of a page is not carried over: it would be dropped at the top
                // of the next page anyway, and carrying it could open a page with nothing else on it.
                Advance();
                continue;
            }
            if (f.CanSplit && ShouldSplitNow(f, available, capacity, atTop))
            {
                var (head, tail) = f.Split(available);
                if (head is not null)
                {
                    Place(head);
                    pending = tail;
                    if (!fromPending)
                    {
                        i++;
                    }
                    if (tail is not null)
                    {
                        NewPage(tail);
                    }
                    continue;
                }
            }
            if (atTop)
            {
                // Taller than an empty page and cannot split: place it anyway (it is clipped at the page edge).
                Place(f);
                Advance();
                continue;
            }
            NewPage(f);

            void Advance()
            {
                if (fromPending)
                {
                    pending = null;
                }
                else
                {
                    i++;
                }
            }
        }
        if (pages.Count == 0)
        {
            NewPage(null);
        }
        return pages;

        void Place(Fragment f)
        {
            page!.Items.Add((f, y));
            y += f.Height;
            placedOnPage++;
        }
    }

    private static bool ShouldSplitNow(Fragment f, float available, float capacity, bool atTop)
    {
        if (atTop || f.Height > capacity)
        {
            return true;
        }
        return f.Table?.SplitMode switch
        {
            RowSplitMode.Always => true,
            RowSplitMode.Avoid => false,
            _ => f.Height > capacity / 3f,
        };
    }

    private static float ChainHeight(List<(Fragment F, PageSetup Setup)> fragments, int next, float first)
    {
        var total = first;
        for (var j = next; j < fragments.Count && j < next + 64; j++)
        {
            var f = fragments[j].F;
            if (f is PageBreakFragment)
            {
                break;
            }
            total += f.Height;
            if (!f.KeepWithNext)
            {
                break;
            }
        }
        return total;
    }
}
