using Oversight.Storage.Internal;
using Oversight.Storage.ReadModel;
using Xunit;

namespace Oversight.Storage.Tests;

/// <summary>
/// Schema 0019 (lists on covering indexes) on a database written by schema 0018: every summary row and every unit row is
/// still there, each unit row now carries its summary's report, order, code, status and due date, and lists by unit read
/// them.
/// </summary>
public class ReadModelSchemaUpgradeTests
{
    private const int Upgrade = 19;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Upgrading_from_the_previous_schema_keeps_every_row_and_fills_the_unit_rows(DatabaseProvider provider)
    {
        var options = await TestDatabases.CreateAsync(provider, "rm-upgrade", migrate: false);
        var scripts = SchemaScripts.For(provider);
        Assert.Contains(scripts, s => s.Version == Upgrade);
        var before = await DatabaseMigrator.MigrateAsync(options, scripts.Where(s => s.Version < Upgrade).ToArray(), null, CancellationToken.None);
        Assert.Equal(Upgrade - 1, before.CurrentVersion);

        // 40 recommendations written by the old schema: units in two shapes, four statuses, due dates on both sides of today.
        var summaries = new List<string>();
        var units = new List<string>();
        string[] statuses = ["not-started", "in-progress", "implemented", "pending-verification"];
        for (var i = 0; i < 40; i++)
        {
            var id = $"R{i % 4}/{i:D2}";
            string[] own = i % 3 == 0 ? ["ICT", "SPD"] : [i % 2 == 0 ? "ICT" : "LED"];
            var due = new DateOnly(2026, 1, 1).AddDays(i * 9).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            summaries.Add($"('{id}', 'R{i % 4}', '{i:D2}', 'F1', NULL, {40 - i}, 'ข้อเสนอแนะ {i}', 'Recommendation {i}', '[\"{string.Join("\",\"", own)}\"]', NULL, " +
                $"'{statuses[i % 4]}', 0, '{due}', 1, '2026-01-15T01:30:00.0000000Z', 'auditor')");
            units.AddRange(own.Select(u => $"('{u}', '{id}')"));
        }
        await TestDatabases.ExecAsync(options, "INSERT INTO oversight_recommendation_summary (id, report_id, code, finding_code, parent_id, sort_order, title_th, title_en, units, " +
            "response, status, progress, due_date, version, updated_at, updated_by) VALUES " + string.Join(", ", summaries) + ";");
        await TestDatabases.ExecAsync(options, "INSERT INTO oversight_recommendation_unit (unit, recommendation_id) VALUES " + string.Join(", ", units) + ";");

        var after = await DatabaseMigrator.MigrateAsync(options);
        Assert.Equal(scripts[^1].Version, after.CurrentVersion);
        Assert.Equal(summaries.Count, await TestDatabases.CountAsync(options, RecommendationProjection.SummaryTable));
        Assert.Equal(units.Count, await TestDatabases.CountAsync(options, RecommendationProjection.UnitTable));
        Assert.Equal(0L, Convert.ToInt64(await TestDatabases.ScalarAsync(options,
            "SELECT COUNT(*) FROM oversight_recommendation_unit u JOIN oversight_recommendation_summary s ON s.id = u.recommendation_id " +
            "WHERE u.report_id <> s.report_id OR u.sort_order <> s.sort_order OR u.code <> s.code OR u.status <> s.status OR u.due_date <> s.due_date;"),
            System.Globalization.CultureInfo.InvariantCulture));

        // A unit's lists on the new columns give what filtering the summary rows gives.
        await using var stores = StoreSet.Open(options);
        var all = new List<RecommendationSummaryRow>();
        await foreach (var row in stores.ReadModel.ReadAllAsync())
        {
            all.Add(row);
        }
        var today = new DateOnly(2026, 6, 1);
        foreach (var unit in new[] { "ICT", "SPD", "LED" })
        {
            var expected = all.Where(r => r.Units.Contains(unit) && r.Status is "not-started" or "in-progress" && r.DueDate < today).ToArray();
            var page = await stores.ReadModel.QueryAsync(new(Unit: unit, Statuses: ["not-started", "in-progress"], Overdue: true, Today: today, Limit: 1000));
            Assert.Equal(expected.Length, page.Total);
            Assert.Equal(expected.Select(r => r.Id).Order(StringComparer.Ordinal), page.Items.Select(r => r.Id).Order(StringComparer.Ordinal));
            Assert.Equal(page.Items.OrderBy(r => r.ReportId, StringComparer.Ordinal).ThenBy(r => r.SortOrder).Select(r => r.Id), page.Items.Select(r => r.Id));
        }
    }

    /// <summary>
    /// A rolling upgrade on PostgreSQL: a silo of the previous release writes a recommendation's summary row and then its
    /// unit rows with only (unit, recommendation_id); the unit rows still carry the summary's copied columns.
    /// </summary>
    [Fact]
    public async Task A_previous_release_writing_unit_rows_without_the_copied_columns_still_fills_them_on_postgresql()
    {
        var options = await TestDatabases.CreateAsync(DatabaseProvider.PostgreSql, "rm-rolling");
        await TestDatabases.ExecAsync(options,
            "INSERT INTO oversight_recommendation_summary (id, report_id, code, finding_code, parent_id, sort_order, title_th, title_en, units, response, status, " +
            "progress, due_date, version, updated_at, updated_by) VALUES ('R9/01', 'R9', '01', 'F1', NULL, 4, 'ก', 'a', '[\"ICT\"]', NULL, 'in-progress', 0, " +
            "'2026-03-01', 1, '2026-01-15T01:30:00.0000000Z', 'auditor');" +
            "INSERT INTO oversight_recommendation_unit (unit, recommendation_id) VALUES ('ICT', 'R9/01');");
        Assert.Equal("R9|4|01|in-progress|2026-03-01", await TestDatabases.ScalarAsync(options,
            "SELECT report_id || '|' || sort_order || '|' || code || '|' || status || '|' || to_char(due_date, 'YYYY-MM-DD') FROM oversight_recommendation_unit WHERE recommendation_id = 'R9/01';"));
        await using var stores = StoreSet.Open(options);
        Assert.Equal(["R9/01"], (await stores.ReadModel.QueryAsync(new(Unit: "ICT", Statuses: ["in-progress"], Overdue: true, Today: new DateOnly(2026, 6, 1)))).Items.Select(r => r.Id));
    }
}
