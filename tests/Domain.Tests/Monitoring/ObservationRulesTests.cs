using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Domain.Monitoring;

namespace Oversight.Domain.Tests.Monitoring;

public sealed class ObservationRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static readonly HashSet<string> Known =
    [
        "province:10", "province:50", "eservice:e-complaint", "agency:doae", "dataset:doae-farmer-registry", "contract:fy2565-informal",
    ];

    private const string SourceRule = "a source is 1–100 characters: letters, digits and . _ : / - (e.g. lbda or import:2569-10)";

    /// <summary>A valid item: 120 LBDA logins in Bangkok in October 2026, as of 1 November.</summary>
    private static readonly ObservationInput Good = new("lbda", "lbda.logins", "province:10", "2026-10", "120", "2026-11-01");

    /// <summary>Rows are numbered as in a CSV file with a header: item 0 is row 2.</summary>
    private static (IReadOnlyList<ValidObservation> Valid, IReadOnlyList<InputError> Errors) Run(string? requiredSource, params ObservationInput[] inputs) =>
        ObservationRules.Validate(inputs, i => i + 2, Known, Today, requiredSource);

    private static InputError OneError(ObservationInput input, string? requiredSource = null)
    {
        var (valid, errors) = Run(requiredSource, input);
        Assert.Empty(valid);
        var error = Assert.Single(errors);
        Assert.Equal(2, error.Row);
        return error;
    }

    private static ValidObservation OneValid(ObservationInput input, string? requiredSource = null)
    {
        var (valid, errors) = Run(requiredSource, input);
        Assert.Empty(errors);
        return Assert.Single(valid);
    }

    // ------------------------------------------------------------ valid items

    [Fact]
    public void A_valid_item_comes_back_with_its_value_and_provenance()
    {
        var o = OneValid(Good);
        Assert.Equal(2, o.Row);
        Assert.Equal("lbda", o.Source);
        Assert.Same(MetricCatalog.Find("lbda.logins"), o.Metric);
        Assert.Equal("province:10", o.Subject);
        Assert.Equal("2026-10", o.Period);
        Assert.Equal(120, o.Value);
        Assert.Equal(new DateOnly(2026, 11, 1), o.AsOf);
        Assert.False(o.Synthetic);
    }

    [Fact]
    public void Fields_are_trimmed()
    {
        var o = OneValid(new ObservationInput(" lbda ", " lbda.logins ", " province:10 ", " FY2569 ", " 7 ", " 2026-11-24 "));
        Assert.Equal(("lbda", "lbda.logins", "province:10", "FY2569", 7.0, new DateOnly(2026, 11, 24)), (o.Source, o.Metric.Id, o.Subject, o.Period, o.Value, o.AsOf));
    }

    [Theory]
    [InlineData("synthetic:demo", true)]
    [InlineData("synthetic", true)]
    [InlineData("synthetic-import:2569-10", true)]
    [InlineData("lbda", false)]
    [InlineData("import:2569-10", false)]
    [InlineData("nso/lfs", false)]
    public void Sources_starting_with_synthetic_are_flagged_synthetic(string source, bool synthetic)
    {
        Assert.Equal(synthetic, OneValid(Good with { Source = source }).Synthetic);
        Assert.Equal(synthetic, ObservationRules.IsSynthetic(source));
    }

    [Fact]
    public void A_date_metric_takes_a_date_and_stores_its_day_number()
    {
        var o = OneValid(new ObservationInput("lbda", "dataset.last-update", "dataset:doae-farmer-registry", "2020-12", "2020-12-31", "2026-11-24"));
        Assert.Equal(new DateOnly(2020, 12, 31).DayNumber, o.Value);
        Assert.Equal(737789, o.Value);
        // today itself is not in the future
        Assert.Equal(Today.DayNumber, OneValid(new ObservationInput("lbda", "dataset.last-update", "dataset:doae-farmer-registry", "2026-11", "2026-11-24", "2026-11-24")).Value);
    }

    [Theory]
    [InlineData("lbda.logins", "province:50", "0", 0)]
    [InlineData("lbda.staff-needing-access", "province:10", "100000", 100000)]
    [InlineData("lbda.logins", "province:10", "1e3", 1000)]
    [InlineData("eservice.uses", "eservice:e-complaint", "3", 3)]
    [InlineData("agency.datasets-linked", "agency:doae", "4", 4)]
    [InlineData("dataset.records", "dataset:doae-farmer-registry", "1000000", 1000000)]
    [InlineData("contract.progress", "contract:fy2565-informal", "12.5", 12.5)]
    [InlineData("contract.progress", "contract:fy2565-informal", "100", 100)]
    [InlineData("report.agencies", "report:mol-digital-2565", "12", 12)]
    public void Values_in_range_are_accepted(string metric, string subject, string value, double expected) =>
        Assert.Equal(expected, OneValid(Good with { Metric = metric, Subject = subject, Value = value }).Value);

    [Fact]
    public void A_report_subject_need_not_be_a_known_subject_when_no_key_sends_it()
    {
        var o = OneValid(new ObservationInput("report:mol-digital-2565", "report.agencies-api-in-progress", "report:mol-digital-2565", "FY2565", "4", "2026-11-24"));
        Assert.Equal(("report:mol-digital-2565", 4.0, false), (o.Source, o.Value, o.Synthetic));
    }

    [Fact]
    public void Rows_follow_the_rowOf_mapping_for_valid_items_and_errors()
    {
        var (valid, errors) = ObservationRules.Validate(
            [Good, Good with { Subject = "province:99" }, Good with { Subject = "province:50" }], i => 100 + 10 * i, Known, Today, null);
        Assert.Equal([100, 120], valid.Select(v => v.Row));
        var error = Assert.Single(errors);
        Assert.Equal(110, error.Row);
        Assert.Equal("subject", error.Column);
    }

    // ------------------------------------------------------------ metric and subject

    [Fact]
    public void An_unknown_metric_is_refused_on_the_metric_column()
    {
        var error = OneError(Good with { Metric = "lbda.nope" });
        Assert.Equal(("metric", "'lbda.nope' is not a known metric"), (error.Column, error.Reason));
        Assert.Equal("'' is not a known metric", OneError(Good with { Metric = null }).Reason);
    }

    [Fact]
    public void An_unknown_province_code_is_refused()
    {
        var error = OneError(Good with { Subject = "province:99" });
        Assert.Equal(("subject", "'province:99' is not a province code (DOPA)"), (error.Column, error.Reason));
    }

    [Fact]
    public void A_subject_of_the_wrong_kind_is_refused()
    {
        var error = OneError(Good with { Metric = "eservice.uses", Subject = "province:10" });
        Assert.Equal(("subject", "eservice.uses is about eservice:…, not province:…"), (error.Column, error.Reason));
        var report = OneError(Good with { Metric = "report.agencies", Subject = "province:10" });
        Assert.Equal("report.agencies is about report:…, not province:…", report.Reason);
        var dataset = OneError(Good with { Metric = "lbda.logins", Subject = "dataset:doae-farmer-registry" });
        Assert.Equal("lbda.logins is about province:…, not dataset:…", dataset.Reason);
    }

    [Theory]
    [InlineData("eservice.uses", "eservice:nope")]
    [InlineData("eservice.sso-logins", "eservice:E-COMPLAINT")]
    [InlineData("dataset.records", "dataset:nope")]
    [InlineData("agency.datasets-linked", "agency:nope")]
    [InlineData("contract.progress", "contract:nope")]
    public void Unknown_eservice_dataset_agency_and_contract_ids_are_refused(string metric, string subject)
    {
        var error = OneError(Good with { Metric = metric, Subject = subject, Value = "1" });
        Assert.Equal(("subject", $"'{subject}' does not exist"), (error.Column, error.Reason));
    }

    [Theory]
    [InlineData("town:1")]
    [InlineData("province:")]
    [InlineData(":10")]
    [InlineData("10")]
    [InlineData("")]
    [InlineData(null)]
    public void Something_that_is_not_a_subject_is_refused(string? subject)
    {
        var error = OneError(Good with { Subject = subject });
        Assert.Equal(("subject", $"'{subject ?? ""}' is not a subject (province:{{code}}, eservice:{{id}}, agency:{{id}}, dataset:{{id}}, contract:{{id}})"),
            (error.Column, error.Reason));
    }

    [Fact]
    public void A_long_subject_is_clipped_in_the_reason()
    {
        var subject = "province:" + new string('9', 60);
        var error = OneError(Good with { Subject = subject });
        Assert.Equal($"'{subject[..40]}…' is not a province code (DOPA)", error.Reason);
    }

    // ------------------------------------------------------------ period

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-1")]
    [InlineData("FY69")]
    [InlineData("fy2569")]
    [InlineData("1999-12")]
    [InlineData("October 2026")]
    [InlineData("")]
    public void An_unparsable_period_is_refused(string period)
    {
        var error = OneError(Good with { Period = period });
        Assert.Equal(("period", $"'{period}' is not a period (yyyy-MM, or FY and a B.E. year such as FY2569)"), (error.Column, error.Reason));
    }

    [Fact]
    public void A_missing_period_is_refused() =>
        Assert.Equal("'' is not a period (yyyy-MM, or FY and a B.E. year such as FY2569)", OneError(Good with { Period = null }).Reason);

    // ------------------------------------------------------------ value

    [Theory]
    [InlineData("-1")]
    [InlineData("-0.5")]
    public void A_negative_count_is_refused(string value)
    {
        var error = OneError(Good with { Value = value });
        Assert.Equal(("value", "a count is never negative"), (error.Column, error.Reason));
    }

    [Theory]
    [InlineData("lbda.staff-needing-access", "province:10", "100001", "lbda.staff-needing-access is between 0 and 100000 people")]
    [InlineData("lbda.logins", "province:10", "10000001", "lbda.logins is between 0 and 10000000 times")]
    [InlineData("contract.progress", "contract:fy2565-informal", "100.5", "contract.progress is between 0 and 100 %")]
    [InlineData("report.offices-never-registered", "report:mol-digital-2565", "78", "report.offices-never-registered is between 0 and 77 items")]
    public void A_value_out_of_the_metrics_range_is_refused(string metric, string subject, string value, string reason)
    {
        var error = OneError(Good with { Metric = metric, Subject = subject, Value = value });
        Assert.Equal(("value", reason), (error.Column, error.Reason));
    }

    [Theory]
    [InlineData("lbda.logins", "1.5")]
    [InlineData("lbda.registered-staff", "0.1")]
    public void A_count_that_is_not_whole_is_refused(string metric, string value)
    {
        var error = OneError(Good with { Metric = metric, Value = value });
        Assert.Equal(("value", $"{metric} is a whole number"), (error.Column, error.Reason));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1,000")]
    [InlineData("12 people")]
    [InlineData("")]
    public void A_value_that_is_not_a_finite_number_is_refused(string value)
    {
        var error = OneError(Good with { Value = value });
        Assert.Equal(("value", $"'{value}' is not a number"), (error.Column, error.Reason));
    }

    [Theory]
    [InlineData("2026/10/01")]
    [InlineData("01-10-2026")]
    [InlineData("2026-10-32")]
    [InlineData("738000")]
    [InlineData("")]
    public void A_date_metric_with_a_value_that_is_not_a_date_is_refused(string value)
    {
        var error = OneError(new ObservationInput("lbda", "dataset.last-update", "dataset:doae-farmer-registry", "2026-10", value, "2026-11-24"));
        Assert.Equal(("value", "dataset.last-update takes a date written yyyy-MM-dd"), (error.Column, error.Reason));
    }

    [Fact]
    public void A_date_metric_with_a_future_date_is_refused()
    {
        var error = OneError(new ObservationInput("lbda", "dataset.last-update", "dataset:doae-farmer-registry", "2026-11", "2026-11-25", "2026-11-24"));
        Assert.Equal(("value", "the date is in the future"), (error.Column, error.Reason));
    }

    [Fact]
    public void A_date_metric_before_its_range_is_refused()
    {
        var error = OneError(new ObservationInput("lbda", "dataset.last-update", "dataset:doae-farmer-registry", "2026-10", "1989-12-31", "2026-11-24"));
        Assert.Equal("value", error.Column);
        OneError(new ObservationInput("lbda", "dataset.last-update", "dataset:doae-farmer-registry", "2026-10", "0001-01-01", "2026-11-24"));
    }

    // ------------------------------------------------------------ as-of date

    [Fact]
    public void An_as_of_date_in_the_future_is_refused()
    {
        var error = OneError(Good with { AsOf = "2026-11-25" });
        Assert.Equal(("asOf", "an as-of date cannot be in the future (today is 2026-11-24)"), (error.Column, error.Reason));
    }

    [Theory]
    [InlineData("24/11/2026")]
    [InlineData("2026-11-24T00:00:00")]
    [InlineData("2569-13-01")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void An_unparsable_as_of_date_is_refused(string asOf)
    {
        var error = OneError(Good with { AsOf = asOf });
        Assert.Equal(("asOf", $"'{asOf}' is not a date written yyyy-MM-dd"), (error.Column, error.Reason));
    }

    [Fact]
    public void A_missing_as_of_date_is_refused()
    {
        var error = OneError(Good with { AsOf = null });
        Assert.Equal(("asOf", "'' is not a date written yyyy-MM-dd"), (error.Column, error.Reason));
    }

    // ------------------------------------------------------------ source

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("lbda feed")]
    [InlineData("-lbda")]
    [InlineData(":lbda")]
    [InlineData("ลบดา")]
    [InlineData("lbda;drop")]
    [InlineData("lbda@ict")]
    public void A_missing_or_invalid_source_is_refused(string? source)
    {
        var error = OneError(Good with { Source = source });
        Assert.Equal(("source", SourceRule), (error.Column, error.Reason));
    }

    [Fact]
    public void A_source_is_at_most_100_characters()
    {
        Assert.Equal("a" + new string('b', 99), OneValid(Good with { Source = "a" + new string('b', 99) }).Source);
        Assert.Equal(SourceRule, OneError(Good with { Source = "a" + new string('b', 100) }).Reason);
    }

    [Fact]
    public void A_key_sends_its_own_source_only()
    {
        var error = OneError(Good with { Source = "import:2569-10" }, requiredSource: "lbda");
        Assert.Equal(("source", "this key sends figures of source 'lbda' only"), (error.Column, error.Reason));
        Assert.Equal("lbda", OneValid(Good, requiredSource: "lbda").Source);
    }

    [Fact]
    public void A_key_cannot_send_figures_about_the_report()
    {
        var item = new ObservationInput("lbda", "report.agencies", "report:mol-digital-2565", "FY2565", "12", "2026-11-24");
        var error = OneError(item, requiredSource: "lbda");
        Assert.Equal(("subject", "figures about the audit report come from the report itself"), (error.Column, error.Reason));
    }

    // ------------------------------------------------------------ several errors, duplicates

    [Fact]
    public void Every_problem_of_an_item_is_reported()
    {
        var (valid, errors) = Run(null, new ObservationInput("", "lbda.logins", "province:99", "2026-13", "-3", "2026-12-01"));
        Assert.Empty(valid);
        Assert.Equal(["source", "subject", "period", "value", "asOf"], errors.Select(e => e.Column));
        Assert.All(errors, e => Assert.Equal(2, e.Row));
    }

    [Fact]
    public void Two_items_with_the_same_source_metric_subject_and_period_refuse_the_second_naming_the_first_row()
    {
        var (valid, errors) = Run(null,
            Good,
            Good with { Subject = "province:50" },
            Good with { Source = " lbda ", Value = "121", AsOf = "2026-11-02" },
            Good with { Source = "import:2569-10" });
        Assert.Equal([2, 3, 5], valid.Select(v => v.Row));
        var error = Assert.Single(errors);
        Assert.Equal((4, "period", "the same source, metric, subject and period as row 2"), (error.Row, error.Column, error.Reason));
        Assert.Equal((InputErrorCodes.DuplicateObservation, "2"), (error.Code, Assert.Single(error.Args)));
    }

    [Fact]
    public void The_same_subject_and_metric_in_other_periods_are_not_duplicates()
    {
        var (valid, errors) = Run(null, Good, Good with { Period = "2026-09" }, Good with { Period = "FY2569" });
        Assert.Empty(errors);
        Assert.Equal(3, valid.Count);
    }

    [Fact]
    public void An_invalid_item_does_not_count_as_the_first_of_a_duplicate()
    {
        var (valid, errors) = Run(null, Good with { AsOf = "not a date" }, Good, Good);
        Assert.Equal([3], valid.Select(v => v.Row));
        Assert.Equal(2, errors.Count);
        Assert.Equal((2, "asOf", "'not a date' is not a date written yyyy-MM-dd"), (errors[0].Row, errors[0].Column, errors[0].Reason));
        Assert.Equal((4, "period", "the same source, metric, subject and period as row 3"), (errors[1].Row, errors[1].Column, errors[1].Reason));
    }
}
