using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oversight.Board.Client;

/// <summary>One recommendation as the board client tracks it (from the register snapshot or a delta).</summary>
public sealed record BoardItem(string Id, string Code, string ReportId, string Status, int Progress, bool Overdue, long Version, IReadOnlyList<string> Units);

/// <summary>The <c>recommendationChanged</c> message (sent as arrays).</summary>
public sealed record RecommendationChanged(
    string Id, string Code, string ReportId, string Status, int Progress, bool Overdue, long Version,
    string ChangedBy, DateTimeOffset ChangedAt, IReadOnlyList<string> Units, string EventType);

/// <summary>The totals part of <c>boardChanged</c> and of <c>GET /api/v1/board</c>; the rest is kept as raw JSON.</summary>
public sealed record BoardTotals(int Total, Dictionary<string, int> ByStatus, int Closed, double ClosedImplementedPercent, double AverageProgress);

public sealed record BoardSnapshot(long Version, DateTimeOffset AsOf, BoardTotals Totals);

/// <summary>An activity-feed entry; the client only counts them.</summary>
public sealed record ActivityLine(string Id);

internal sealed record RegisterPage(List<RegisterItem> Items, int Total);

internal sealed record RegisterItem(string Id, string Code, string ReportId, string Status, int Progress, bool Overdue, long Version, List<string> Units);

internal static class ClientJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { TypeInfoResolver = BoardJsonContext.Default };
}

/// <summary>Source-generated (de)serialisers: a board client parses every message, so no reflection on that path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RecommendationChanged[]))]
[JsonSerializable(typeof(BoardSnapshot))]
[JsonSerializable(typeof(ActivityLine[]))]
[JsonSerializable(typeof(RegisterPage))]
internal sealed partial class BoardJsonContext : JsonSerializerContext;
