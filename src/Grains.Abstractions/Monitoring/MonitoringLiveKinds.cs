using Oversight.Grains.Abstractions.Live;

namespace Oversight.Grains.Abstractions.Monitoring;

/// <summary>The live messages of the monitoring entities (registered in <see cref="LiveKinds"/>, the one home of every kind).</summary>
public static class MonitoringLiveKinds
{
    public static LiveKind Contract => LiveKinds.Contract;
    public static LiveKind Office => LiveKinds.Office;
    public static LiveKind EService => LiveKinds.EService;
    public static LiveKind Agency => LiveKinds.Agency;
    public static LiveKind Indicator => LiveKinds.Indicator;
    public static LiveKind Metrics => LiveKinds.Metrics;
}
