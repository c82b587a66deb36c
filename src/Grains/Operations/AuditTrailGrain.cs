using Oversight.Grains.Abstractions.Operations;
using Oversight.Storage.Events;

namespace Oversight.Grains.Operations;

/// <summary>Recomputes every hash chain from the database (never from grain memory) and reports the first broken link.</summary>
[StatelessWorker(1)]
public sealed class AuditTrailGrain(ChainVerifier verifier, TimeProvider time) : Grain, IAuditTrailGrain
{
    public async Task<AuditTrailVerification> VerifyAsync(string? streamPrefix = null)
    {
        var result = await verifier.VerifyAsync(streamPrefix);
        return new AuditTrailVerification(result.Intact, result.Streams, result.Events,
            result.FirstBroken is { } broken ? new BrokenLinkView(broken.StreamId, broken.Seq, broken.Reason) : null,
            time.GetUtcNow());
    }
}
