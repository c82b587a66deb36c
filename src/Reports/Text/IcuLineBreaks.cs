using Icu;

namespace Oversight.Reports.Text;

/// <summary>
/// ICU's line-break opportunities for Thai (locale th_TH: dictionary-based Thai word breaks, UAX #14 for everything
/// else), before any correction. The one place the process loads ICU (once, lazily; 140–180 ms the first time) and
/// keeps a break iterator per thread. The PDF layout (<see cref="LineBreaker"/>) and the web pages' Thai word breaks
/// apply their own corrections on top.
/// </summary>
public static class IcuLineBreaks
{
    private static readonly object InitLock = new();
    private static volatile bool initialised;

    [ThreadStatic]
    private static BreakIterator? threadIterator;

    /// <summary>Ensures ICU is loaded.</summary>
    public static void EnsureInitialised()
    {
        if (initialised)
        {
            return;
        }
        lock (InitLock)
        {
            if (!initialised)
            {
                Wrapper.Init();
                initialised = true;
            }
        }
    }

    /// <summary>ICU's boundaries (UTF-16 indices) for <paramref name="text"/>, as the iterator gives them.</summary>
    public static int[] Boundaries(string text)
    {
        EnsureInitialised();
        var it = threadIterator ??= BreakIterator.CreateLineInstance(new Locale("th_TH"));
        it.SetText(text);
        return it.Boundaries;
    }
}
