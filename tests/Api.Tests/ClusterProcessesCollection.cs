namespace Oversight.Api.Tests;

/// <summary>
/// The tests that start several real server processes (silos, Web hosts) run one after another, not beside each other:
/// on two cores, six silos starting together starve each other's probes and start-up calls.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterProcessesCollection
{
    public const string Name = "cluster processes";
}
