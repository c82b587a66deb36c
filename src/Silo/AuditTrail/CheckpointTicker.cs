using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Operations;

namespace Oversight.Silo.AuditTrail;

/// <summary>Audit-trail settings, bound from the section of the same name.</summary>
public sealed class AuditTrailOptions
{
    public const string SectionName = "AuditTrail";

    /// <summary>How often a checkpoint is made while the log moves (so the newest is at most this old).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Asks the checkpoint grain for a checkpoint every <see cref="AuditTrailOptions.CheckpointInterval"/>. Runs on every
/// silo; the grain is a single activation, so the cluster still makes one checkpoint at a time.
/// </summary>
public sealed class CheckpointTicker(IGrainFactory grains, IOptions<AuditTrailOptions> options, TimeProvider time, ILogger<CheckpointTicker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await grains.GetGrain<ICheckpointGrain>(0).TickAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not make an audit-trail checkpoint; trying again at the next tick");
            }
        }
    }
}
