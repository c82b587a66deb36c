namespace Oversight.Grains.Abstractions.Monitoring;

[GenerateSerializer, Immutable, Alias("oversight.MonitoringSeedStatus")]
public sealed record MonitoringSeedStatus(
    [property: Id(0)] int Offices,
    [property: Id(1)] int Contracts,
    [property: Id(2)] int Indicators,
    [property: Id(3)] int ReportFigures,
    [property: Id(4)] bool Demo);

/// <summary>Loads the programme-monitoring facts the report gives (and, in demo mode, labelled synthetic figures) once (key "seed").</summary>
[Alias("oversight.IMonitoringSeedGrain")]
public interface IMonitoringSeedGrain : IGrainWithStringKey
{
    [Alias("EnsureSeeded"), ResponseTimeout("00:10:00")] Task<MonitoringSeedStatus> EnsureSeededAsync(bool demo);
}
