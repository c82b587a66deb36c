namespace Oversight.Silo.Hosting;

/// <summary>
/// Settings of the .NET runtime that it reads only from environment variables, so no runtimeconfig can carry them:
/// each host process (Web, Silo, and the bare SignalR app the live board is measured against) applies them first thing
/// in <c>Main</c>, before anything rents from a shared pool. A value the operator set in the environment wins.
/// </summary>
public static class RuntimeSettings
{
    /// <summary>
    /// How many arrays of one size <c>ArrayPool&lt;byte&gt;.Shared</c> keeps per core (.NET's default: 32). SignalR's
    /// connection pipes rent their 4 KB segments from it. The live board writes each message to every connection from
    /// one thread, and the segments come back on other threads once sent: with 32 per core the pool ran dry within
    /// each send and dropped the returns after it, so at 1,000 viewers most messages to most viewers allocated (and
    /// zeroed) a new 4 KB array, on the order of 140 MB a second. 1,024 holds one segment per viewer for a thousand
    /// viewers on a core; the pool keeps only what has been returned to it and trims what goes unused
    /// (docs/benchmarks.md, 2026-12-02).
    /// </summary>
    public const string ArrayPoolArraysPerPartitionVariable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    public const int ArrayPoolArraysPerPartition = 1024;

    public static void Apply()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ArrayPoolArraysPerPartitionVariable)))
        {
            Environment.SetEnvironmentVariable(ArrayPoolArraysPerPartitionVariable, ArrayPoolArraysPerPartition.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
