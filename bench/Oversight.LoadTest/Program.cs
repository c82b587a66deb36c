using Oversight.LoadTest;

// Load tool for the Oversight Web host. Each scenario starts the Release build as a separate process.
//   dotnet run -c Release --project bench/Oversight.LoadTest -- startup [--runs 3] [--synthetic 2000]
//   dotnet run -c Release --project bench/Oversight.LoadTest -- writes [--writers 50] [--seconds 30]
//   dotnet run -c Release --project bench/Oversight.LoadTest -- board [--clients 1000] [--rate 200] [--seconds 60] [--polling] [--messagepack]
//   dotnet run -c Release --project bench/Oversight.LoadTest -- appends [--pg "<connection string>"] [--appenders 50] [--rounds 200]
//   dotnet run -c Release --project bench/Oversight.LoadTest -- audit [--pg "<connection string>"] [--streams 1000] [--events 100] [--appenders 50] [--seconds 10] [--appends-only]
//   dotnet run -c Release --project bench/Oversight.LoadTest -- ingest [--batches 20] [--per-batch 10000] [--connections 2] [--warmup 10] [--storage]
//   dotnet run -c Release --project bench/Oversight.LoadTest -- import [--rows 100000] [--runs 3]
//   dotnet run -c Release --project bench/Oversight.LoadTest -- provinces [--months 36] [--requests 2000] [--warmup 200] [--concurrency 1]
//   dotnet run -c Release --project bench/Oversight.LoadTest -- boardpage [--visits 20] [--batches 100] [--per-batch 77] [--interval 250]
//   dotnet run -c Release --project bench/Oversight.LoadTest -- followup-pdf [--requests 100] [--warmup 20]
//   dotnet run -c Release --project bench/Oversight.LoadTest -- board-lean [--viewers 250,500,1000,2000] [--rate 200] [--seconds 60] [--warmup 30] [--messagepack]
//       [--hosts N (production mode: one PostgreSQL silo and N Web hosts as its clients, the viewers split between them)]
//       [--bare (after each count, bench/BareSignalR replays the same frames to the same viewers: server CPU per delivery side by side)]
//       OVERSIGHT_BENCH_SERVER_ENV="NAME=value;…" in the environment: extra environment for the Oversight host only (a runtime setting against the same yardstick)
//   … board-lean --bare --rounds N [--viewers 1000] [--seconds 20] [--warmup 60]: the same comparison interleaved, both servers up,
//       taking turns for N rounds of S s each after a warm-up round (LeanBoardInterleaved)
//   dotnet run -c Release --project bench/Oversight.LoadTest -- request-cost [--kinds write,read,me,health,none] [--rate 200] [--seconds 90] [--warmup 60]
//       (one Web host per kind, all at once: the server CPU of a write, a small grain read, an authenticated request that does nothing,
//       an anonymous one, and no request, per paced slot)
//   dotnet run -c Release --project bench/Oversight.LoadTest -- generate [--reports 20000] [--per-report 5] [--events 20] [--parallel 8] [--pg "<connection string>" | --data <dir>] [--verify]
//   dotnet run -c Release --project bench/Oversight.LoadTest -- scale-reads [--reports 2000] [--requests 100] [--warmup 10]
//       [--events 20 (load histories with the generator first)] [--pg [--silos 2] (a new database on $OVERSIGHT_TEST_PG, silos + a Web client)]
// Results are printed as Markdown, ready for docs/benchmarks.md.
var scenario = args.FirstOrDefault() ?? "help";
int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, "--" + name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
}

string? Text(string name)
{
    var index = Array.IndexOf(args, "--" + name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

if (scenario != "writer")
{
    Console.WriteLine($"<!-- {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}, {Environment.ProcessorCount} cores, .NET {Environment.Version} -->");
}
switch (scenario)
{
    case "startup":
        if (Option("synthetic", 0) is > 0 and var synthetic)
        {
            await StartupScenario.RunSyntheticAsync(synthetic, Option("runs", 1));
        }
        else
        {
            await StartupScenario.RunAsync(Option("runs", 3));
        }
        break;
    case "writes":
        await WritesScenario.RunAsync(Option("writers", 50), Option("seconds", 30), Option("warmup", 5));
        break;
    case "board":
        await BoardScenario.RunAsync(Option("clients", 1000), Option("rate", 200), Option("seconds", 60), Option("warmup", 10), args.Contains("--polling"),
            args.Contains("--messagepack") ? Oversight.Board.Client.BoardProtocol.MessagePack : Oversight.Board.Client.BoardProtocol.Json);
        break;
    case "writer":
        await BoardScenario.RunWriterAsync(new Uri(args[Array.IndexOf(args, "--base") + 1]), Option("rate", 200), Option("seconds", 70), Option("warmup", 10),
            Text("request") ?? RequestKinds.Write);
        break;
    case "appends":
        await AppendScenario.RunAsync(Text("pg"), Option("appenders", 50), Option("rounds", 200));
        break;
    case "audit":
        await AuditTrailScenario.RunAsync(Text("pg"), Option("streams", 1000), Option("events", 100),
            Option("appenders", 50), Option("seconds", 10), args.Contains("--appends-only"));
        break;
    case "ingest" when args.Contains("--storage"):
        await IngestScenario.StorageBreakdownAsync(Option("batches", 20), Option("per-batch", 10_000));
        break;
    case "ingest":
        await IngestScenario.RunAsync(Option("batches", 20), Option("per-batch", 10_000), Option("connections", 2), Option("warmup", 10));
        break;
    case "import":
        await ImportScenario.RunAsync(Option("rows", 100_000), Option("runs", 3));
        break;
    case "provinces":
        await ProvincesScenario.RunAsync(Option("months", 36), Option("requests", 2000), Option("warmup", 200), Option("concurrency", 1));
        break;
    case "boardpage":
        await BoardPageScenario.RunAsync(Option("visits", 20), Option("batches", 100), Option("per-batch", 77), Option("interval", 250));
        break;
    case "followup-pdf":
        await FollowUpPdfScenario.RunAsync(Option("requests", 100), Option("warmup", 20));
        break;
    case "board-lean" when args.Contains("--bare") && Option("rounds", 0) > 0:
        if (Option("hosts", 0) > 0 || args.Contains("--messagepack") || Text("viewers")?.Contains(',') == true)
        {
            Console.Error.WriteLine("board-lean --bare --rounds: one viewer count, Embedded, JSON (leave out --hosts and --messagepack)");
            return 2;
        }
        await LeanBoardInterleaved.RunAsync(Option("viewers", 1000), Option("rate", 200), Option("seconds", 20), Option("rounds", 0), Option("warmup", 60));
        break;
    case "board-lean":
        await LeanBoardScenario.RunAsync((Text("viewers") ?? "250,500,1000,2000").Split(',').Select(int.Parse).ToArray(), Option("rate", 200), Option("seconds", 60),
            // 30 s: at 10 s .NET's tiered compiler was still re-compiling hot methods (11–13 % of the server's CPU samples).
            Option("warmup", 30), args.Contains("--messagepack") ? "messagepack" : "json", args.Contains("--bare"), Option("hosts", 0));
        break;
    case "request-cost":
        var kinds = (Text("kinds") ?? string.Join(',', RequestKinds.All)).Split(',');
        if (kinds.Except(RequestKinds.All).Any())
        {
            Console.Error.WriteLine($"request-cost --kinds: a comma-separated list of {string.Join(", ", RequestKinds.All)}");
            return 2;
        }
        await RequestCostScenario.RunAsync(kinds, Option("rate", 200), Option("seconds", 90), Option("warmup", 60));
        break;
    case "generate":
        await GenerateScenario.RunAsync(Text("pg"), Text("data"), Option("reports", 20_000), Option("per-report", 5), Option("events", 20), Option("parallel", 8), args.Contains("--verify"));
        break;
    case "scale-reads":
        await ScaleReadsScenario.RunAsync(Option("reports", 2000), Option("requests", 100), Option("warmup", 10), Option("events", 0), args.Contains("--pg"), Option("silos", 2));
        break;
    default:
        Console.WriteLine("usage: Oversight.LoadTest startup [--runs N] | writes [--writers N] [--seconds S] [--warmup S] | board … | appends … | audit … | ingest … | import … | provinces … | boardpage … | followup-pdf … (see the top of Program.cs)");
        return 2;
}
return 0;
