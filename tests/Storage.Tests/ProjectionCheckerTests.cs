using Oversight.Storage.Projections;
using Oversight.Storage.ReadModel;
using Xunit;

namespace Oversight.Storage.Tests;

/// <summary>
/// The read-model comparison the audit-trail verify runs: many streams at once, a query per table and batch, finding
/// exactly what one-by-one comparison finds.
/// </summary>
public class ProjectionCheckerTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Many_projections_compared_in_batches_find_every_difference_and_only_those(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "projections");
        // More streams than two batches, so differences fall in different chunks; every fourth has two units.
        var count = ProjectionChecker.Batch * 2 + 37;
        var rows = Enumerable.Range(0, count).Select(i => Samples.Summary($"rec-{i:D4}", $"R{i % 7}", $"{i}.1", i, i % 4 == 0 ? ["ICT", "SPD"] : ["LED"],
            i % 3 == 0 ? "in-progress" : "not-started", new DateOnly(2026, 1, 1).AddDays(i))).ToArray();
        var projections = rows.Select(RecommendationProjection.Project).ToArray();
        for (var i = 0; i < count; i++)
        {
            Assert.True((await stores.Events.AppendAsync(rows[i].Id, 0, [Samples.Event("recommendation-created")], projections[i])).Success);
        }
        Assert.All(await stores.Projections.CompareManyAsync(projections), Assert.Empty);

        // Tamper: a changed column, a missing summary row, an extra unit row, a unit row whose copied status differs, a missing unit row.
        await TestDatabases.ExecAsync(stores.Options, "UPDATE oversight_recommendation_summary SET progress = 55 WHERE id = 'rec-0005';");
        await TestDatabases.ExecAsync(stores.Options, "DELETE FROM oversight_recommendation_summary WHERE id = 'rec-0300';");
        await TestDatabases.ExecAsync(stores.Options, "INSERT INTO oversight_recommendation_unit (unit, recommendation_id, report_id, sort_order, code, status, due_date) " +
            "SELECT 'FIN', recommendation_id, report_id, sort_order, code, status, due_date FROM oversight_recommendation_unit WHERE recommendation_id = 'rec-0450';");
        await TestDatabases.ExecAsync(stores.Options, "UPDATE oversight_recommendation_unit SET status = 'implemented' WHERE recommendation_id = 'rec-0521';");
        await TestDatabases.ExecAsync(stores.Options, "DELETE FROM oversight_recommendation_unit WHERE recommendation_id = 'rec-0536' AND unit = 'SPD';");

        var found = await stores.Projections.CompareManyAsync(projections);
        Assert.Equal(count, found.Count);
        var differing = Enumerable.Range(0, count).Where(i => found[i].Count > 0).ToDictionary(i => rows[i].Id, i => found[i]);
        Assert.Equal(["rec-0005", "rec-0300", "rec-0450", "rec-0521", "rec-0536"], differing.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("oversight_recommendation_summary", "progress", "55", "0"), One(differing["rec-0005"]));
        // (PostgreSQL's foreign key takes the unit rows with the summary row: those are missing too there.)
        Assert.Equal(("oversight_recommendation_summary", "*", null, "row"), One(differing["rec-0300"].Where(m => m.Table == RecommendationProjection.SummaryTable).ToArray()));
        Assert.Equal(("oversight_recommendation_unit", "*", "row", null), One(differing["rec-0450"]));
        Assert.Equal(("oversight_recommendation_unit", "status", "implemented", "not-started"), One(differing["rec-0521"]));
        Assert.Contains(differing["rec-0536"], m => m is { Table: "oversight_recommendation_unit", Column: "*", Stored: null, Expected: "row" });

        // One stream at a time finds the same.
        for (var i = 0; i < count; i += 1 + i % 5)
        {
            Assert.Equal(found[i], await stores.Projections.CompareAsync(projections[i]));
        }
        foreach (var i in new[] { 5, 300, 450, 521, 536 })
        {
            Assert.Equal(found[i], await stores.Projections.CompareAsync(projections[i]));
        }
    }

    private static (string Table, string Column, string? Stored, string? Expected) One(IReadOnlyList<ProjectionMismatch> mismatches)
    {
        var m = Assert.Single(mismatches);
        return (m.Table, m.Column, m.Stored, m.Expected);
    }
}
