namespace Oversight.Grains.Live;

/// <summary>Used where no live feed is hosted (the Silo process before a Web host registers, and grain tests).</summary>
public sealed class NullChangePublisher : IChangePublisher
{
    public void Publish(RecommendationChange change)
    {
    }
}
