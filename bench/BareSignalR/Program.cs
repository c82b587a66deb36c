// A bare ASP.NET Core SignalR app: the yardstick for the live board's fan-out (issue 10). It has one hub at the live
// board's path, no authentication, no groups beyond "everyone", and no work of its own: it replays, at their recorded
// moments, the hub messages that Oversight sent to the lean viewers in the same run (`board-lean --bare`), so that the same
// clients receive the same sizes at the same rate from both servers, and the server CPU per delivered message can be
// compared.
//
//   dotnet Oversight.BareSignalR.dll --urls http://127.0.0.1:5099
//
// stdin:  "REPLAY <recording file>", one line; the recording is what bench/lean-board/client.mjs --record wrote: one
//         JSON line per hub message as it first reached a viewer, {"t": <ns after the first>, "text": "<the message>"}
//         (several messages per line, separated by 0x1E, are also read).
// stdout: "LISTENING" once it serves; then, for every change it is about to send, "ACK <id> <version> <monotonic ns>
//         <elapsed ticks since the replay began>" (the lean client's input format); "DONE" at the end.
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Oversight.Silo.Hosting;

RuntimeSettings.Apply();
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
// Thai unescaped, as Oversight writes it (OversightJson), so that the frames are the same sizes.
builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.BasicLatin, UnicodeRanges.Thai));
var app = builder.Build();
app.MapHub<BoardHub>("/hubs/board");
await app.StartAsync();
Console.WriteLine("LISTENING");

var hub = app.Services.GetRequiredService<IHubContext<BoardHub>>();
while (Console.ReadLine() is { } line)
{
    if (line.StartsWith("REPLAY ", StringComparison.Ordinal))
    {
        await ReplayAsync(hub, line["REPLAY ".Length..]);
        Console.WriteLine("DONE");
    }
}
await app.StopAsync();

static async Task ReplayAsync(IHubContext<BoardHub> hub, string recording)
{
    var frames = File.ReadLines(recording).Select(Frame.Parse).ToList();
    // The acknowledgements go out on their own task: a slow reader of stdout must not hold up the sends they time.
    var acks = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    var output = Task.Run(async () =>
    {
        while (await acks.Reader.WaitToReadAsync())
        {
            while (acks.Reader.TryRead(out var line))
            {
                Console.Out.Write(line);
            }
            Console.Out.Flush();
        }
    });
    var start = Stopwatch.GetTimestamp();
    foreach (var frame in frames)
    {
        // In double: ns × ticks-per-second overflows a long after about 9 s.
        var due = start + (long)(frame.OffsetNs / 1e9 * Stopwatch.Frequency);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait);
        }
        foreach (var message in frame.Messages)
        {
            var now = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(start, now).Ticks;
            foreach (var (id, version) in message.Changes)
            {
                acks.Writer.TryWrite(string.Create(CultureInfo.InvariantCulture, $"ACK {id} {version} {now} {elapsed}\n"));
            }
            await hub.Clients.All.SendCoreAsync(message.Target, message.Arguments);
        }
    }
    acks.Writer.Complete();
    await output;
}

/// <summary>One recorded frame: when it arrived, and the hub invocations it carried.</summary>
internal sealed record Frame(long OffsetNs, IReadOnlyList<Invocation> Messages)
{
    public static Frame Parse(string line)
    {
        using var recorded = JsonDocument.Parse(line);
        var messages = new List<Invocation>();
        foreach (var part in recorded.RootElement.GetProperty("text").GetString()!.Split('\x1e', StringSplitOptions.RemoveEmptyEntries))
        {
            var message = JsonDocument.Parse(part).RootElement;
            if (message.GetProperty("type").GetInt32() != 1)
            {
                continue;
            }
            var target = message.GetProperty("target").GetString()!;
            var arguments = message.GetProperty("arguments").EnumerateArray().Select(a => (object?)a.Clone()).ToArray();
            var changes = target == "recommendationChanged"
                ? arguments[0] is JsonElement list
                    ? list.EnumerateArray().Select(c => (Field(c, "id"), Field(c, "version"))).ToList()
                    : []
                : new List<(string, string)>();
            messages.Add(new Invocation(target, arguments, changes));
        }
        return new Frame(recorded.RootElement.GetProperty("t").GetInt64(), messages);
    }

    private static string Field(JsonElement change, string name) =>
        (change.TryGetProperty(name, out var value) ? value : change.GetProperty(char.ToUpperInvariant(name[0]) + name[1..])).ToString();
}

/// <summary>One hub invocation to send again, and the (id, version) of each recommendation change in it.</summary>
internal sealed record Invocation(string Target, object?[] Arguments, IReadOnlyList<(string Id, string Version)> Changes);

/// <summary>The hub: every connection receives every message; clients call nothing.</summary>
internal sealed class BoardHub : Hub;
