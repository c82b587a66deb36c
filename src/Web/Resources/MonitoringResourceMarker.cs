namespace Oversight.Web;

/// <summary>
/// Marker for the programme-monitoring UI strings in Resources/MonitoringResource.resx (Thai) and
/// MonitoringResource.en.resx; see <see cref="SharedResource"/> for why it sits in the root namespace.
/// </summary>
public sealed class MonitoringResource;
