using Oversight.Reports.FollowUp;

namespace Oversight.Reports.Tests.FollowUp;

/// <summary>
/// The follow-up report's programme section and the executive summary's indicator tiles: every figure and its source,
/// as-of date and freshness read back exactly from the PDF; synthetic figures marked and never summed with real ones;
/// a unit's report holds only that unit's items.
/// </summary>
public sealed class ProgrammeSectionTests
{
    private static readonly Lazy<(byte[] Pdf, string Flat, string Text)> ThaiFull = new(() => Render(FollowUpComposer.Compose(FollowUpSamples.WithProgramme()), "programme-th.pdf"));
    private static readonly Lazy<(byte[] Pdf, string Flat, string Text)> EnglishFull = new(() =>
        Render(FollowUpComposer.Compose(FollowUpSamples.WithProgramme(), ReportLanguage.English), "programme-en.pdf"));

    private static (byte[] Pdf, string Flat, string Text) Render(Model.Document doc, string name)
    {
        var pdf = PdfRenderer.RenderToBytes(doc);
        var path = PdfTools.SaveArtifact(name, pdf);
        return (pdf, PdfTools.StripWhitespace(string.Concat(PdfTools.PdfPigActualTextPages(pdf))), PdfTools.PdfToText(path));
    }

    /// <summary>The text of the programme section only (from its heading to the signature block).</summary>
    private static string Section(string flat, string heading, string next)
    {
        var start = flat.IndexOf(PdfTools.StripWhitespace(heading), StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{heading}'");
        var end = flat.IndexOf(PdfTools.StripWhitespace(next), start, StringComparison.Ordinal);
        Assert.True(end > start, $"no '{next}' after '{heading}'");
        return flat[start..end];
    }

    private static string S(string s) => PdfTools.StripWhitespace(s);

    [Fact]
    public void Indicators_print_baseline_target_current_value_and_provenance_exactly()
    {
        var section = Section(ThaiFull.Value.Flat, "3. ผลการดำเนินงานของแผนงานและโครงการ", "การรับรองและอนุมัติรายงาน");
        Assert.Contains(S("ข้อมูลที่ระบบติดตามผลมีอยู่ ณ วันที่ 24 พฤศจิกายน 2569"), section);
        // IND-LBDA-REG: real, computed 37.5 % as of 31 Oct 2026, baseline 0 from the report, target 80 by 30 Sep 2027.
        var lbda = section[section.IndexOf("IND-LBDA-REG", StringComparison.Ordinal)..section.IndexOf("IND-ESERVICE-ZERO", StringComparison.Ordinal)];
        Assert.Contains(S("อัตราการลงทะเบียนใช้ LBDA ของสำนักงานแรงงานจังหวัด (ร้อยละ)"), lbda);
        Assert.Contains(S("วัดผลข้อเสนอแนะ F1-R6"), lbda);
        Assert.Contains(S("0 งวด FY2565"), lbda);
        Assert.Contains(S("80 ภายใน 30 ก.ย. 2570"), lbda);
        Assert.Contains(S("37.5 งวด 2026-10"), lbda);
        Assert.Contains(S("แหล่งที่มา computed · ณ 31 ต.ค. 2569 · เป็นปัจจุบัน"), lbda);
        Assert.DoesNotContain("ข้อมูลสังเคราะห์", lbda);
        // IND-ESERVICE-ZERO: synthetic, marked; no target set.
        var zero = section[section.IndexOf("IND-ESERVICE-ZERO", StringComparison.Ordinal)..section.IndexOf("IND-CONTRACT-FINES", StringComparison.Ordinal)];
        Assert.Contains(S("ยังไม่กำหนด"), zero);
        Assert.Contains(S("8 งวด 2026-10 ข้อมูลสังเคราะห์"), zero);
        Assert.Contains(S("แหล่งที่มา synthetic:demo · ณ 31 ต.ค. 2569 · เป็นปัจจุบัน"), zero);
    }

    [Fact]
    public void Milestones_print_planned_current_and_actual_dates_days_late_fines_against_the_ten_percent_line_and_open_blockers()
    {
        var section = Section(ThaiFull.Value.Flat, "3.2 งวดงานตามสัญญาและแผนงาน", "3.3 สำนักงานแรงงานจังหวัด");
        Assert.Contains(S("มูลค่าสัญญา 9,800,000 บาท (แหล่งที่มา synthetic:demo · ไม่ทราบ) ข้อมูลสังเคราะห์"), section);
        Assert.Contains(S("ค่าปรับสะสม 308,700 บาท คิดเป็นร้อยละ 3.15 ของมูลค่าสัญญา ต่ำกว่าเกณฑ์พิจารณาบอกเลิกสัญญา (ร้อยละ 10 ของมูลค่าสัญญา)"), section);
        Assert.Contains(S("1) ร่างพระราชบัญญัติส่งเสริมและคุ้มครองแรงงานอิสระยังไม่มีผลใช้บังคับ"), section);
        Assert.Contains(S("2) ยังไม่มีมติคณะรัฐมนตรีเห็นชอบให้เปิดลงทะเบียน"), section);
        // The late milestone: planned 30 Sep 2022 (baseline and current), delivered 14 Nov 2022, 45 days late, fine 308,700.
        Assert.Contains(S("พัฒนาระบบแล้วเสร็จ ส่งมอบล่าช้า"), section);
        Assert.Contains(S("30 ก.ย. 2565 30 ก.ย. 2565 14 พ.ย. 2565 45 ข้อมูลสังเคราะห์ 308,700 ข้อมูลสังเคราะห์"), section);
        // What the source does not give is said so, never guessed.
        Assert.Contains(S("แผนปรับปรุงฐานข้อมูลศูนย์ข้อมูลแรงงานแห่งชาติ (NLIC)"), section);
        Assert.Contains(S("มูลค่าสัญญา ไม่ระบุ (แหล่งที่มา report:mol-digital-2565 · ไม่ทราบ) รายงานต้นทางไม่ได้ระบุ"), section);
        Assert.Contains(S("คำนวณไม่ได้ เนื่องจากไม่มีมูลค่าสัญญาหรือวันที่ของงวดงาน"), section);
    }

    [Fact]
    public void Offices_are_summed_by_nso_region_from_real_figures_only_when_there_are_any_and_synthetic_rows_are_marked()
    {
        var regions = ProgrammeRegions.From(FollowUpSamples.Programme().Offices);
        Assert.Equal(new string?[] { "Bangkok", "Central", "North", null }, regions.Select(r => r.Region).ToArray());
        var bangkok = regions.Single(r => r.Region == "Bangkok");
        Assert.Equal((20.0, 8.66, 25.0), (bangkok.LbdaRegistrationRate.Value, bangkok.InformalCoverage.Value, bangkok.RecordFreshness.Value));
        // Central has one real office: its two synthetic offices are left out (mixed, the rate would be 23.85).
        var central = regions.Single(r => r.Region == "Central");
        Assert.Equal((25.0, 25.0, 40.0), (central.LbdaRegistrationRate.Value, central.InformalCoverage.Value, central.RecordFreshness.Value));
        Assert.DoesNotContain(central.Figures, f => f.Synthetic);
        // North has synthetic figures only (and an office with none): marked synthetic.
        var north = regions.Single(r => r.Region == "North");
        Assert.Equal((50.0, 11.87, 25.0), (north.LbdaRegistrationRate.Value, north.InformalCoverage.Value, north.RecordFreshness.Value));
        Assert.True(north.Figures.All(f => f.Synthetic));
        Assert.Equal(3, north.Offices);
        // The whole country: the real offices only.
        var all = regions.Single(r => r.Region is null);
        Assert.Equal((22.86, 10.73, 29.41), (all.LbdaRegistrationRate.Value, all.InformalCoverage.Value, all.RecordFreshness.Value));
        Assert.Equal(7, all.Offices);

        var section = Section(ThaiFull.Value.Flat, "3.3 สำนักงานแรงงานจังหวัดจำแนกตามภาค", "3.4 การเชื่อมโยงและแลกเปลี่ยนข้อมูล");
        // Each row names the sources it was computed from, its period, its oldest as-of date (the NSO baseline's) and freshness.
        Assert.Contains(S("กรุงเทพมหานคร 1 20 8.66 25 แหล่งที่มา NSO informal employment survey 2023 (B.E. 2566), lbda-api · งวด 2026-10 · ณ 31 ธ.ค. 2566 · เป็นปัจจุบัน"), section);
        Assert.Contains(S("ภาคกลาง 3 25 25 40"), section);
        Assert.Contains(S("ภาคเหนือ 3 50 ข้อมูลสังเคราะห์ 11.87 ข้อมูลสังเคราะห์ 25 ข้อมูลสังเคราะห์"), section);
        Assert.Contains(S("ทั่วประเทศ 7 22.86 10.73 29.41"), section);
        Assert.Contains(S("ภาคเหนือ 3 50 ข้อมูลสังเคราะห์ 11.87 ข้อมูลสังเคราะห์ 25 ข้อมูลสังเคราะห์ แหล่งที่มา NSO informal employment survey 2023 (B.E. 2566), synthetic:demo"), section);
        // The report's figure: 6 visited offices never registered, with its source.
        Assert.Contains(S("สำนักงานแรงงานจังหวัดที่ตรวจและไม่เคยลงทะเบียนใช้ LBDA 6 แห่ง (แหล่งที่มา report:mol-digital-2565 · ณ 29 มี.ค. 2567 · ไม่ทราบ)"), section);
    }

    [Fact]
    public void The_data_exchange_matrix_gives_each_agency_its_linkage_and_each_dataset_its_cycle_last_update_and_freshness()
    {
        var section = Section(ThaiFull.Value.Flat, "3.4 การเชื่อมโยงและแลกเปลี่ยนข้อมูล", "การรับรองและอนุมัติรายงาน");
        Assert.Contains(S("กรมส่งเสริมการเกษตร แหล่งที่มา report:mol-digital-2565 ไม่ระบุ ไม่ระบุ ชุดข้อมูล 1 ชุด"), section);
        Assert.Contains(S("ทะเบียนเกษตรกร ข้อมูลรายทะเบียน · แหล่งที่มา none ไม่ทราบ ไม่ระบุ ไม่ทราบ"), section);
        Assert.Contains(S("[ข้อมูลสังเคราะห์] หน่วยงานพันธมิตร 1 แหล่งที่มา synthetic:demo ข้อมูลสังเคราะห์ 2 ขอข้อมูลจากเจ้าของตามรอบ อยู่ระหว่างเชื่อมโยง API ชุดข้อมูล 2 ชุด"), section);
        Assert.Contains(S("ทุก 1 เดือน 1 มิ.ย. 2569 ณ 24 พ.ย. 2569 ล้าสมัย"), section);
        Assert.Contains(S("ทุก 1 ปี 20 ต.ค. 2569 ณ 24 พ.ย. 2569 เป็นปัจจุบัน"), section);
        // Real and synthetic datasets counted apart.
        Assert.Contains(S("ชุดข้อมูลจริง 1 ชุด: เป็นปัจจุบัน 0 ถึงรอบปรับปรุง 0 เกินรอบ 0 ล้าสมัย 0 ไม่ทราบ 1"), section);
        Assert.Contains(S("ชุดข้อมูลสังเคราะห์ 2 ชุด: เป็นปัจจุบัน 1 ถึงรอบปรับปรุง 0 เกินรอบ 0 ล้าสมัย 1 ไม่ทราบ 0"), section);
        Assert.Contains(S("หน่วยงานที่ LBDA เชื่อมโยงหรือแลกเปลี่ยนข้อมูล 12 หน่วยงาน (แหล่งที่มา report:mol-digital-2565"), section);
    }

    [Fact]
    public void The_english_report_prints_the_same_figures_with_common_era_dates()
    {
        var flat = EnglishFull.Value.Flat;
        var section = Section(flat, "3. Programme monitoring", "Certification and approval");
        Assert.Contains(S("37.5 period 2026-10"), section);
        Assert.Contains(S($"source computed · as of {ThaiDates.Short(FollowUpSamples.MonthEnd, ReportLanguage.English)} · fresh"), section);
        Assert.Contains(S("80 by " + ThaiDates.Short(new DateOnly(2027, 9, 30), ReportLanguage.English)), section);
        Assert.Contains(S("308,700 baht, 3.15% of the contract value"), section);
        Assert.Contains(S("North 3 50 synthetic data"), section);
        Assert.Contains(S("All regions 7 22.86 10.73 29.41"), section);
        Assert.Contains(S("fresh 1, due 0, overdue 0, delinquent 1, unknown 0"), section);
        Assert.DoesNotContain("พฤศจิกายน", EnglishFull.Value.Text);
    }

    [Fact]
    public void A_units_report_holds_only_that_units_indicators_contracts_offices_and_data_exchange()
    {
        var model = FollowUpSamples.WithProgramme();
        string Flat(string unit) => PdfTools.StripWhitespace(string.Concat(PdfTools.PdfPigActualTextPages(
            PdfRenderer.RenderToBytes(FollowUpComposer.ComposeForUnit(model, unit)))));
        var ilpo = Flat("ILPO");
        Assert.Contains("IND-CONTRACT-FINES", ilpo);
        Assert.DoesNotContain("IND-LBDA-REG", ilpo);
        Assert.Contains(S("โครงการเพิ่มประสิทธิภาพการบริหารจัดการแรงงานนอกระบบ"), ilpo);
        Assert.DoesNotContain("NLIC", ilpo);
        Assert.DoesNotContain(S("3.3 สำนักงานแรงงานจังหวัด"), ilpo);
        Assert.DoesNotContain(S("3.4 การเชื่อมโยง"), ilpo);
        Assert.DoesNotContain("กรมส่งเสริมการเกษตร", ilpo);

        var ict = Flat("ICT");
        Assert.Contains("IND-LBDA-REG", ict);
        Assert.Contains("IND-ESERVICE-ZERO", ict);
        Assert.DoesNotContain("IND-CONTRACT-FINES", ict);
        Assert.Contains("NLIC", ict);
        Assert.DoesNotContain(S("โครงการเพิ่มประสิทธิภาพการบริหารจัดการแรงงานนอกระบบ"), ict);
        Assert.Contains("กรมส่งเสริมการเกษตร", ict); // data exchange is the ICT Centre's
        Assert.DoesNotContain(S("3.3 สำนักงานแรงงานจังหวัด"), ict);

        var jsc = Flat("JSC");
        Assert.Contains("IND-ESERVICE-ZERO", jsc);
        Assert.DoesNotContain("IND-LBDA-REG", jsc);
        Assert.DoesNotContain("กรมส่งเสริมการเกษตร", jsc);
    }

    [Fact]
    public void A_report_no_programme_measures_says_so()
    {
        var flat = PdfTools.StripWhitespace(string.Concat(PdfTools.PdfPigActualTextPages(PdfRenderer.RenderToBytes(FollowUpComposer.Compose(FollowUpSamples.Build(2))))));
        Assert.Contains(S("ยังไม่มีตัวชี้วัดหรือสัญญาของแผนงานที่เชื่อมโยงกับข้อเสนอแนะของรายงานการตรวจสอบฉบับนี้"), flat);
        Assert.DoesNotContain("3.1", flat);
    }

    [Fact]
    public void Nine_indicator_tiles_and_twenty_three_overdue_recommendations_still_fit_two_pages_and_the_list_says_what_it_leaves_out()
    {
        var programme = FollowUpSamples.Programme();
        var nine = Enumerable.Range(0, 3).SelectMany(k => programme.Indicators.Select(i => i with { Code = $"{i.Code}-{k}", Name = new Bilingual($"{i.Name.Th} ชุด {k}", $"{i.Name.En} set {k}") })).ToArray();
        var model = FollowUpSamples.WithOverdue(23) with { Programme = programme with { Indicators = nine } };
        foreach (var lang in new[] { ReportLanguage.Thai, ReportLanguage.English })
        {
            var pdf = PdfRenderer.RenderToBytes(ExecutiveSummaryComposer.Compose(model, lang));
            var path = PdfTools.SaveArtifact($"summary-nine-tiles-{(lang == ReportLanguage.Thai ? "th" : "en")}.pdf", pdf);
            Assert.InRange(PdfTools.PageCount(path), 1, ExecutiveSummaryComposer.MaxPages);
            var flat = PdfTools.StripWhitespace(string.Concat(PdfTools.PdfPigActualTextPages(pdf)));
            foreach (var i in nine)
            {
                Assert.Contains(PdfTools.StripWhitespace(i.Name.For(lang)), flat);
            }
            var overdue = model.Recommendations.Count(r => r.Overdue);
            // Fewer than the usual 10 rows fit: the note gives both numbers.
            var note = lang == ReportLanguage.Thai ? $"จาก{overdue}รายการ" : $"of{overdue}shown";
            Assert.Contains(note, flat);
        }
    }

    [Fact]
    public void The_executive_summary_shows_the_indicator_tiles_within_two_pages()
    {
        foreach (var (model, name) in new[] { (FollowUpSamples.WithProgramme(), "summary-programme"), (FollowUpSamples.WithOverdue(23) with { Programme = FollowUpSamples.Programme() }, "summary-programme-overdue") })
        {
            foreach (var lang in new[] { ReportLanguage.Thai, ReportLanguage.English })
            {
                using var ms = new MemoryStream();
                var pages = PdfRenderer.Render(ExecutiveSummaryComposer.Compose(model, lang), ms, null);
                Assert.InRange(pages, 1, 2);
                var flat = PdfTools.StripWhitespace(string.Concat(PdfTools.PdfPigActualTextPages(ms.ToArray())));
                PdfTools.SaveArtifact($"{name}-{(lang == ReportLanguage.Thai ? "th" : "en")}.pdf", ms.ToArray());
                if (lang == ReportLanguage.Thai)
                {
                    Assert.Contains(S("ตัวชี้วัดผลลัพธ์ของแผนงาน"), flat);
                    Assert.Contains(S("อัตราการลงทะเบียนใช้ LBDA ของสำนักงานแรงงานจังหวัด 37.5 ร้อยละ ฐาน 0 · เป้า 80 แหล่งที่มา computed · ณ 31 ต.ค. 2569 · เป็นปัจจุบัน"), flat);
                    Assert.Contains(S("บริการอิเล็กทรอนิกส์ที่ไม่มีผู้ใช้ 8 บริการ ฐาน 8 · เป้า ยังไม่กำหนด แหล่งที่มา synthetic:demo · ณ 31 ต.ค. 2569 · เป็นปัจจุบัน ข้อมูลสังเคราะห์"), flat);
                }
                else
                {
                    Assert.Contains(S($"LBDA registration rate of provincial offices 37.5 % baseline 0 · target 80 source computed · as of {ThaiDates.Short(FollowUpSamples.MonthEnd, ReportLanguage.English)} · fresh"), flat);
                }
            }
        }
    }
}
