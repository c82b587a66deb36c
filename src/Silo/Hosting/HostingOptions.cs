namespace Oversight.Silo.Hosting;

public enum HostingMode
{
    /// <summary>Web hosts the silo itself: localhost clustering, SQLite in ./data. Needs nothing else.</summary>
    Embedded,

    /// <summary>Web is an Orleans client of a separate silo cluster (production, PostgreSQL).</summary>
    Client,
}

/// <summary>How the process joins the cluster. Bound from the "Hosting" section.</summary>
public sealed class HostingOptions
{
    public const string SectionName = "Hosting";

    public HostingMode Mode { get; set; } = HostingMode.Embedded;
    public string ClusterId { get; set; } = "oversight";
    public string ServiceId { get; set; } = "oversight";

    /// <summary>Silo-to-silo port; 0 picks a free port (embedded tests).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port; 0 disables the gateway (embedded: the co-hosted client needs none).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Where embedded mode keeps its files (SQLite database, generated signing key). Relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The address other silos reach this one on (production); defaults to the host's first address.</summary>
    public string? AdvertisedHost { get; set; }
}
