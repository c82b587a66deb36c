using Oversight.Storage;
using Oversight.Storage.Events;

// Child process for the kill -9 durability test:
//   Oversight.Storage.DurabilityHost <sqlite-file> [writers]
// Appends events forever from <writers> concurrent loops (stream "dur-<w>"), and after each acknowledged append
// prints "acked <N> <stream> <seq>" (N = appends acknowledged so far). The test kills it with SIGKILL.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: DurabilityHost <sqlite-file> [writers]");
    return 2;
}

var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={args[0]}" };
var writers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
await DatabaseMigrator.MigrateAsync(options);
await using var store = new SqliteEventStore(options);

var acked = 0L;
var gate = new object();
Console.Out.Flush();
var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
stdout.WriteLine("ready");

var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
{
    var stream = $"dur-{w}";
    var seq = 0L;
    while (true)
    {
        var result = await store.AppendAsync(stream, seq, [new NewEvent("tick", DateTimeOffset.UtcNow, "durability", $"{{\"n\":{seq + 1}}}")]);
        if (!result.Success)
        {
            Console.Error.WriteLine($"unexpected conflict on {stream} at {seq}");
            Environment.Exit(3);
        }

        seq = result.CurrentSeq;
        lock (gate)
        {
            acked++;
            stdout.WriteLine($"acked {acked} {stream} {seq}");
        }
    }
})).ToArray();

await Task.WhenAll(tasks);
return 0;
