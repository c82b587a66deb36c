namespace Oversight.Grains.Abstractions.Settings;

/// <summary>
/// Follow-up deadlines. The one verified SAO rule (domain.md) starts follow-up within 60 days, reports every 60 days
/// and finishes within 240 days; these are defaults, not a statement of SAO policy.
/// </summary>
public sealed class FollowUpOptions
{
    public const string SectionName = "FollowUp";

    /// <summary>Default due date of a recommendation: the report date plus this many days.</summary>
    public int DefaultPeriodDays { get; set; } = 240;

    /// <summary>Follow-up should start within this many days of the report.</summary>
    public int StartWithinDays { get; set; } = 60;

    /// <summary>Units report progress at least this often.</summary>
    public int ReportEveryDays { get; set; } = 60;
}

/// <summary>Demo mode: demo accounts (and, later, synthetic activity). On by default in Embedded mode only.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    public bool Enabled { get; set; }

    /// <summary>Synthetic activity every few seconds so the board moves (only while <see cref="Enabled"/>).</summary>
    public bool Activity { get; set; }

    public TimeSpan ActivityInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Let the demo activity act on the real SAO report (off: it works on a labelled synthetic copy).</summary>
    public bool ActivityOnRealReport { get; set; }
}

/// <summary>In-app notifications are always on; e-mail over SMTP is optional (no host = no e-mail).</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public bool SmtpStartTls { get; set; } = true;
    public string? SmtpUsername { get; set; }
    public string? SmtpPassword { get; set; }
    public string From { get; set; } = "oversight@localhost";

    /// <summary>Unit code → mailbox, e.g. "ICT": "ict-followup@example.go.th".</summary>
    public Dictionary<string, string> UnitMailboxes { get; set; } = [];
}

/// <summary>
/// Synthetic reports for load tests and demos, on top of the real seed. Off (0) by default. Everything generated is
/// labelled synthetic in its title and report id ("synthetic-00001"), never mixed into the real SAO report.
/// </summary>
public sealed class SeedOptions
{
    public const string SectionName = "Seed";

    public int SyntheticReports { get; set; }

    public int SyntheticRecommendationsPerReport { get; set; } = 5;
}

/// <summary>
/// The first administrator of a production system (where demo accounts are off). Created at start-up only if no user
/// with that name exists; never changes an existing account. Give the password as a secret, never in a file.
/// </summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";

    public string AdminUsername { get; set; } = "admin";

    public string? AdminPassword { get; set; }
}
