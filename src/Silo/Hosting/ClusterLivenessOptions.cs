using Orleans.Configuration;

namespace Oversight.Silo.Hosting;

/// <summary>
/// How fast the cluster notices a dead silo and moves its grains, and how fast an Orleans client (the Web hosts) drops
/// it as a gateway. Bound from the "ClusterLiveness" section; the one place these timings are set, for every silo and
/// every client in production (PostgreSQL clustering). Embedded mode has one silo and does not use them.
/// </summary>
/// <remarks>
/// A silo is declared dead when <see cref="NumVotesForDeathDeclaration"/> silos (or every other active silo, if fewer)
/// have each missed <see cref="NumMissedProbesLimit"/> probes to it in a row; a probe is sent every
/// <see cref="ProbeTimeout"/> and waits as long. With the defaults a killed silo is declared dead in about
/// 3 × 3 s = 9 s, after which its grains activate on the survivors at their next call; a request that was in flight
/// to it waits out <see cref="ClientResponseTimeout"/> (10 s), so a Web client sees the switch end after about 10 s.
/// Orleans' own defaults (5 s × 3, a 30 s response timeout) take 15–30 s. Lower values detect sooner but risk
/// declaring a live silo dead when it is starved of CPU (a 2 s probe was too short on a 2-core machine at load 50: a
/// starting silo was declared dead); a silo declared dead stops itself.
/// </remarks>
public sealed class ClusterLivenessOptions
{
    public const string SectionName = "ClusterLiveness";

    /// <summary>Period and timeout of a probe from one silo to another (Orleans default 5 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Missed probes in a row before a silo votes the target dead (Orleans default 3).</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>Votes that declare a silo dead; capped by the number of other active silos (Orleans default 2).</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a death vote counts (Orleans default 120 s): votes older than this are ignored.</summary>
    public TimeSpan DeathVoteExpirationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a silo re-reads the membership table even without a change notice (Orleans default 60 s).</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a client re-reads the gateway list from the membership table (Orleans default 60 s).</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a Web host waits for a grain call before answering 503 (Orleans default 30 s). A request that was in
    /// flight to a silo when it died gets no answer at all; this bounds how long its caller waits. Calls that may run
    /// longer declare their own limit on the grain interface (<c>[ResponseTimeout]</c>, e.g. the audit-trail verify).
    /// </summary>
    public TimeSpan ClientResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public void ApplyTo(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = NumMissedProbesLimit;
        options.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration;
        options.DeathVoteExpirationTimeout = DeathVoteExpirationTimeout;
        options.TableRefreshTimeout = TableRefreshTimeout;
    }

    public void ApplyTo(GatewayOptions options) => options.GatewayListRefreshPeriod = GatewayListRefreshPeriod;

    public void ApplyTo(ClientMessagingOptions options) => options.ResponseTimeout = ClientResponseTimeout;

    public static ClusterLivenessOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<ClusterLivenessOptions>() ?? new ClusterLivenessOptions();
}
