using Oversight.Grains.Domain.Monitoring;

namespace Oversight.Domain.Tests.Monitoring;

public sealed class PeriodsTests
{
    [Fact]
    public void A_month_runs_from_its_first_to_its_last_day()
    {
        var p = Periods.Parse("2026-10");
        Assert.NotNull(p);
        Assert.Equal(new Period("2026-10", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), false), p!.Value);
        Assert.Equal(31, p.Value.Days);
    }

    [Theory]
    [InlineData("2026-02", 2026, 2, 28)]
    [InlineData("2024-02", 2024, 2, 29)]
    [InlineData("2026-04", 2026, 4, 30)]
    [InlineData("2026-12", 2026, 12, 31)]
    [InlineData("2000-01", 2000, 1, 31)]
    [InlineData("2100-12", 2100, 12, 31)]
    public void Months_end_on_their_last_day(string label, int year, int month, int lastDay)
    {
        var p = Periods.Parse(label)!.Value;
        Assert.Equal(new DateOnly(year, month, 1), p.Start);
        Assert.Equal(new DateOnly(year, month, lastDay), p.End);
        Assert.Equal(lastDay, p.Days);
        Assert.False(p.FiscalYear);
        Assert.Equal(label, p.Label);
    }

    [Fact]
    public void FY2569_runs_from_1_October_2025_to_30_September_2026()
    {
        var p = Periods.Parse("FY2569");
        Assert.Equal(new Period("FY2569", new DateOnly(2025, 10, 1), new DateOnly(2026, 9, 30), true), p);
        Assert.Equal(365, p!.Value.Days);
    }

    [Theory]
    [InlineData("FY2565", 2021, 2022, 365)]
    [InlineData("FY2567", 2023, 2024, 366)]   // contains 29 Feb 2024
    [InlineData("FY2543", 1999, 2000, 366)]   // the earliest accepted
    [InlineData("FY2643", 2099, 2100, 365)]   // the latest accepted
    public void A_fiscal_year_runs_from_October_to_September_named_by_its_later_BE_year(string label, int startYear, int endYear, int days)
    {
        var p = Periods.Parse(label)!.Value;
        Assert.Equal(new DateOnly(startYear, 10, 1), p.Start);
        Assert.Equal(new DateOnly(endYear, 9, 30), p.End);
        Assert.Equal(days, p.Days);
        Assert.True(p.FiscalYear);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-1")]
    [InlineData("26-10")]
    [InlineData("2026/10")]
    [InlineData("2026-10-01")]
    [InlineData("1999-12")]
    [InlineData("2101-01")]
    [InlineData("FY69")]
    [InlineData("fy2569")]
    [InlineData("Fy2569")]
    [InlineData("FY 2569")]
    [InlineData("FY2026")]    // a C.E. year is out of the B.E. range
    [InlineData("FY2542")]
    [InlineData("FY2644")]
    [InlineData("FY25690")]
    [InlineData(" 2026-10")]
    [InlineData("2026-10 ")]
    [InlineData("๒๕๖๙-10")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_does_not_parse(string? text) => Assert.Null(Periods.Parse(text));

    [Theory]
    [InlineData("2026-10\n")]
    [InlineData("FY2569\n")]
    public void A_trailing_newline_does_not_parse(string text) => Assert.Null(Periods.Parse(text));

    [Theory]
    [InlineData(2021, 10, 1, 2565)]
    [InlineData(2022, 9, 30, 2565)]
    [InlineData(2022, 1, 15, 2565)]
    [InlineData(2021, 9, 30, 2564)]
    [InlineData(2022, 10, 1, 2566)]
    [InlineData(2025, 10, 1, 2569)]
    [InlineData(2026, 9, 30, 2569)]
    [InlineData(2026, 11, 24, 2570)]
    public void The_fiscal_year_of_a_date(int year, int month, int day, int fiscalYearBe) =>
        Assert.Equal(fiscalYearBe, Periods.FiscalYearBe(new DateOnly(year, month, day)));

    [Fact]
    public void The_fiscal_year_of_a_date_contains_that_date()
    {
        for (var d = new DateOnly(2021, 9, 25); d <= new DateOnly(2022, 10, 5); d = d.AddDays(1))
        {
            var p = Periods.Parse($"FY{Periods.FiscalYearBe(d)}")!.Value;
            Assert.True(p.Start <= d && d <= p.End, d.ToString("O"));
        }
    }

    [Fact]
    public void The_month_label_of_a_date() => Assert.Equal("2026-01", Periods.MonthLabel(new DateOnly(2026, 1, 31)));

    [Theory]
    [InlineData("2026-09", "2026-10", -1)]
    [InlineData("2026-10", "2026-09", 1)]
    [InlineData("2026-10", "2026-10", 0)]
    [InlineData("2025-12", "2026-01", -1)]
    [InlineData("FY2568", "FY2569", -1)]
    [InlineData("FY2570", "FY2569", 1)]
    [InlineData("FY2569", "2026-01", -1)]    // FY2569 starts on 1 Oct 2025
    [InlineData("2025-09", "FY2569", -1)]
    [InlineData("2025-10", "FY2569", -1)]    // same start: months before fiscal years (ordinal tie-break)
    [InlineData("FY2569", "2025-10", 1)]
    [InlineData("garbage", "1999-12", 1)]    // two unparsable labels: by their text
    [InlineData("garbage", "2026-01", -1)]   // unparsable labels sort before parsable ones
    public void Compare_orders_months_by_date_and_fiscal_years_by_their_start(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(Periods.Compare(a, b)));

    [Fact]
    public void Sorting_mixed_labels_with_Compare()
    {
        var labels = new List<string> { "2026-10", "FY2570", "2025-12", "FY2569", "2026-02", "FY2568" };
        labels.Sort(Periods.Compare);
        Assert.Equal(["FY2568", "FY2569", "2025-12", "2026-02", "2026-10", "FY2570"], labels);
    }
}
