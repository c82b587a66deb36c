using Oversight.Grains.Abstractions.Live;

namespace Oversight.Grains.Live;

/// <summary>For grain tests that do not exercise the live feed.</summary>
public sealed class NullChangePublisher : IChangePublisher
{
    public void Publish(LiveEnvelope envelope)
    {
    }
}
