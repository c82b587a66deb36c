using System.Reflection;
using Oversight.Grains.Abstractions.Monitoring;

namespace Oversight.Grains.Tests.Monitoring;

/// <summary>
/// A grain call that outlives its response timeout answers the caller with an error while the grain goes on and applies
/// the change. Calls that write a whole batch or file must wait at least as long as the ingestion they end in.
/// </summary>
public sealed class ResponseTimeoutTests
{
    private static TimeSpan? TimeoutOf(Type grain, string method)
    {
        var attribute = grain.GetMethod(method)!.GetCustomAttribute<ResponseTimeoutAttribute>();
        return attribute?.Timeout;
    }

    [Fact]
    public void An_import_waits_as_long_as_the_ingestion_it_calls()
    {
        var ingest = TimeoutOf(typeof(IObservationIngestGrain), nameof(IObservationIngestGrain.IngestAsync));
        var import = TimeoutOf(typeof(IImportGrain), nameof(IImportGrain.ImportAsync));
        Assert.NotNull(ingest);
        Assert.NotNull(import);
        Assert.True(import >= ingest, $"import {import} < ingest {ingest}");
        Assert.True(import >= TimeSpan.FromMinutes(5));
    }
}
