namespace Oversight.Grains.Operations;

/// <summary>How background jobs page their work (ADR 8), bound from the section "Jobs".</summary>
public sealed class BackgroundJobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Recommendations the overdue job checks per grain turn.</summary>
    public int OverduePageSize { get; set; } = 100;

    /// <summary>Synthetic reports the seed job adds per grain turn (each with its recommendations).</summary>
    public int SeedReportsPerPage { get; set; } = 20;

    /// <summary>The pause between two pages, in which other calls to the job grain (progress reads) are served.</summary>
    public TimeSpan PageInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Whether a job's own timer works its pages (off only in tests that drive the pages themselves).</summary>
    public bool AutoRun { get; set; } = true;
}

/// <summary>
/// Works a background job page by page: a grain timer (non-interleaving, so each page is its own turn and calls queued
/// meanwhile, such as progress reads, are served between pages) calls the page function until it reports no work left.
/// </summary>
internal sealed class JobPump(Grain grain, BackgroundJobOptions options, Func<Task<bool>> page)
{
    private IGrainTimer? _timer;

    public bool Running => _timer is not null;

    /// <summary>Starts the pump unless it runs already (or the options say tests drive the pages).</summary>
    public void Start()
    {
        if (_timer is not null || !options.AutoRun)
        {
            return;
        }
        var interval = options.PageInterval <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : options.PageInterval;
        _timer = grain.RegisterGrainTimer(async () =>
        {
            if (!await page())
            {
                Stop();
            }
        }, new GrainTimerCreationOptions(TimeSpan.Zero, interval) { Interleave = false, KeepAlive = true });
    }

    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
