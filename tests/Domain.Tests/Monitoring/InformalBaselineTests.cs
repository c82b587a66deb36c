using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Domain.Monitoring;

namespace Oversight.Domain.Tests.Monitoring;

public sealed class InformalBaselineTests
{
    private static readonly DateOnly EmploymentAsOf = new(2026, 10, 31);

    private static Figure Employed(double value, bool synthetic = false, DateOnly? asOf = null, Freshness freshness = Freshness.Fresh) =>
        new(value, "2026-10", synthetic ? "synthetic:demo" : "nso:lfs", asOf ?? EmploymentAsOf, freshness, synthetic);

    private static readonly Figure None = Figures.Of(null, MetricCatalog.Find("employment.employed"), new DateOnly(2026, 11, 24));

    /// <summary>The 77 provinces (code, NSO region) of the reference list.</summary>
    private static IReadOnlyList<(string Code, string Region)> AllProvinces()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Oversight.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        return File.ReadAllLines(Path.Combine(dir!.FullName, "src/Grains/Seed/provinces.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',')).Select(c => (c[0], c[^1])).ToArray();
    }

    [Fact]
    public void The_five_regional_baselines_sum_to_the_NSO_total()
    {
        Assert.Equal(7_421_401, InformalBaseline.ByRegion["Northeast"]);
        Assert.Equal(4_918_196, InformalBaseline.ByRegion["Central"]);
        Assert.Equal(4_295_682, InformalBaseline.ByRegion["North"]);
        Assert.Equal(2_937_453, InformalBaseline.ByRegion["South"]);
        Assert.Equal(1_384_934, InformalBaseline.ByRegion["Bangkok"]);
        Assert.Equal(5, InformalBaseline.ByRegion.Count);
        Assert.Equal(20_957_666, InformalBaseline.Total);
        Assert.Equal(new DateOnly(2023, 12, 31), InformalBaseline.AsOf);
        Assert.Equal("2023", InformalBaseline.Period);
    }

    [Fact]
    public void Without_employment_figures_every_region_is_split_evenly_and_adds_up_within_rounding()
    {
        var provinces = AllProvinces();
        Assert.Equal(77, provinces.Count);
        var split = InformalBaseline.Split(provinces, _ => None);
        Assert.Equal(77, split.Count);

        var expected = new Dictionary<string, double>
        {
            ["Bangkok"] = 1_384_934,   // 1 province
            ["Central"] = 196_728,     // 4,918,196 / 25 = 196,727.84
            ["North"] = 252_687,       // 4,295,682 / 17 = 252,687.18
            ["Northeast"] = 371_070,   // 7,421,401 / 20 = 371,070.05
            ["South"] = 209_818,       // 2,937,453 / 14 = 209,818.07
        };
        foreach (var region in provinces.GroupBy(p => p.Region))
        {
            var figures = region.Select(p => split[p.Code]).ToArray();
            Assert.All(figures, f =>
            {
                Assert.Equal(expected[region.Key], f.Value);
                Assert.Equal(InformalBaseline.Source, f.Source);
                Assert.Equal("2023", f.Period);
                Assert.Equal(new DateOnly(2023, 12, 31), f.AsOf);
                Assert.False(f.Synthetic);
                Assert.Equal(InformalBaseline.EvenSplit, f.Note);
            });
            var total = InformalBaseline.ByRegion[region.Key];
            Assert.InRange(figures.Sum(f => f.Value!.Value), total - figures.Length / 2.0, total + figures.Length / 2.0);
        }
        Assert.Equal(20_957_665, split.Values.Sum(f => f.Value!.Value));
        Assert.Contains("evenly", InformalBaseline.EvenSplit.En);
    }

    [Fact]
    public void A_region_is_split_by_employment_share_only_when_every_province_has_a_figure()
    {
        (string, string)[] provinces = [("10", "Bangkok"), ("50", "North"), ("51", "North"), ("30", "Northeast"), ("31", "Northeast"), ("32", "Northeast")];
        var employed = new Dictionary<string, Figure>
        {
            ["10"] = Employed(5_000_000),
            ["50"] = Employed(1_000_000, asOf: new DateOnly(2026, 9, 30), freshness: Freshness.Due),
            ["51"] = Employed(4_000_000),
            ["30"] = Employed(2_000_000),
            ["31"] = Employed(1_500_000),
            // 32 has none: the whole Northeast is split evenly
        };
        var split = InformalBaseline.Split(provinces, code => employed.GetValueOrDefault(code) ?? None);

        Assert.Equal(new Figure(1_384_934, "2023", "computed", EmploymentAsOf, Freshness.Fresh, false, InformalBaseline.EmploymentShare), split["10"]);
        // 4,295,682 × 1/5 = 859,136.4 and × 4/5 = 3,436,545.6
        Assert.Equal(new Figure(859_136, "2023", "computed", new DateOnly(2026, 9, 30), Freshness.Due, false, InformalBaseline.EmploymentShare), split["50"]);
        Assert.Equal(3_436_546, split["51"].Value);
        Assert.Equal(4_295_682, split["50"].Value!.Value + split["51"].Value!.Value);
        Assert.Contains("share", InformalBaseline.EmploymentShare.En);

        // 7,421,401 / 3 = 2,473,800.33 each, whatever the provinces that do have a figure.
        foreach (var code in new[] { "30", "31", "32" })
        {
            Assert.Equal(new Figure(2_473_800, "2023", InformalBaseline.Source, new DateOnly(2023, 12, 31), Freshness.Fresh, false, InformalBaseline.EvenSplit), split[code]);
        }
        Assert.InRange(3 * 2_473_800.0, 7_421_401 - 1.5, 7_421_401 + 1.5);
    }

    [Fact]
    public void A_province_with_zero_employed_makes_its_region_split_evenly()
    {
        var split = InformalBaseline.Split([("50", "North"), ("51", "North")], code => code == "50" ? Employed(0) : Employed(4_000_000));
        Assert.Equal(2_147_841, split["50"].Value);
        Assert.Equal(2_147_841, split["51"].Value);
        Assert.Equal(InformalBaseline.EvenSplit, split["51"].Note);
    }

    [Fact]
    public void A_share_from_synthetic_employment_figures_is_synthetic()
    {
        var split = InformalBaseline.Split([("50", "North"), ("51", "North")], code => Employed(code == "50" ? 1_000_000 : 3_000_000, synthetic: true));
        Assert.All(split.Values, f => Assert.True(f.Synthetic));
        Assert.All(split.Values, f => Assert.Equal(InformalBaseline.EmploymentShare, f.Note));
        Assert.Equal(1_073_920, split["50"].Value);   // 4,295,682 / 4 = 1,073,920.5, rounded half to even
        Assert.Equal(3_221_762, split["51"].Value);   // 3,221,761.5, rounded half to even
    }

    [Fact]
    public void A_share_computed_with_any_synthetic_input_of_the_region_is_synthetic()
    {
        var split = InformalBaseline.Split([("50", "North"), ("51", "North")],
            code => code == "50" ? Employed(1_000_000) : Employed(3_000_000, synthetic: true, asOf: new DateOnly(2026, 6, 30)));
        Assert.True(split["50"].Synthetic);
        Assert.True(split["51"].Synthetic);
        Assert.Equal(new DateOnly(2026, 6, 30), split["50"].AsOf);
    }

    [Fact]
    public void Provinces_of_an_unknown_region_are_left_out()
    {
        var split = InformalBaseline.Split([("10", "Bangkok"), ("99", "West")], _ => None);
        Assert.Equal(["10"], split.Keys);
        Assert.Empty(InformalBaseline.Split([], _ => None));
    }
}
