using System.Diagnostics;
using System.Globalization;

namespace Oversight.LoadTest;

/// <summary>Runs the paced writers as a child process of the load tool and relays their acknowledgements.</summary>
public static class WriterProcess
{
    public static async Task<BoardScenario.WriteStats> RunAsync(Uri baseAddress, int rate, int seconds, int warmup, Action<string, long, long, TimeSpan> acked,
        string request = RequestKinds.Write)
    {
        var self = Environment.ProcessPath!;
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            arguments.Add(typeof(WriterProcess).Assembly.Location);
        }
        arguments.AddRange(["writer", "--base", baseAddress.ToString(), "--rate", rate.ToString(CultureInfo.InvariantCulture),
            "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--warmup", warmup.ToString(CultureInfo.InvariantCulture), "--request", request]);
        var info = new ProcessStartInfo(self, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginErrorReadLine();
        BoardScenario.WriteStats? stats = null;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ');
            if (parts[0] == "ACK")
            {
                acked(parts[1], long.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture),
                    TimeSpan.FromTicks(long.Parse(parts[4], CultureInfo.InvariantCulture)));
            }
            else if (parts[0] == "STATS")
            {
                stats = new BoardScenario.WriteStats(long.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture),
                    double.Parse(parts[3], CultureInfo.InvariantCulture), double.Parse(parts[4], CultureInfo.InvariantCulture),
                    parts.Length > 5 ? double.Parse(parts[5], CultureInfo.InvariantCulture) : 0);
            }
        }
        await process.WaitForExitAsync();
        return stats ?? throw new InvalidOperationException($"The writer process exited with {process.ExitCode} without its statistics.");
    }
}
