using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Oversight.Web.Auth;

namespace Oversight.Web.Live;

/// <summary>
/// Every hub call re-checks the caller's credential (<see cref="AccessValidator"/>): a connection whose access was
/// taken away cannot subscribe to anything, even in the moment before it is closed.
/// </summary>
public sealed class HubAccessFilter(AccessValidator access) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (!await access.IsCurrentAsync(invocationContext.Context.User))
        {
            invocationContext.Context.Abort();
            throw new HubException("Your access has changed; sign in again.");
        }
        return await next(invocationContext);
    }
}

public sealed class HubAccessOptions
{
    public const string SectionName = "HubAccess";

    /// <summary>
    /// How often every open connection's credential is checked again. Changes reach the hosts at once through the live
    /// feed; this sweep closes what a lost message (a host re-registering, a silo failing) would have left open.
    /// </summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>The periodic sweep behind <see cref="HubConnections"/>: closes connections whose credential no longer stands.</summary>
public sealed class HubAccessSweep(HubConnections connections, AccessValidator access, IOptions<HubAccessOptions> options, TimeProvider time,
    ILogger<HubAccessSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RecheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var context in connections.Snapshot())
                {
                    if (!await access.IsCurrentAsync(context.User))
                    {
                        context.Abort();
                        connections.Remove(context.ConnectionId);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Re-checking live connections failed; trying again at the next tick");
            }
        }
    }
}
